package io.simdnn.nn.data;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled samples in memory: {@code count} samples of {@code sampleShape} floats each (pixels
 * scaled to [0, 1]), sample-major, and their labels in {@code [0, classes)}.
 */
public record Dataset(String name, float[] features, int[] labels, int[] sampleShape, List<String> classNames) {
    public Dataset {
        int sampleSize = Math.toIntExact(Arrays.stream(sampleShape).asLongStream().reduce(1, (a, b) -> a * b));
        if (labels.length == 0) {
            throw new IllegalArgumentException(name + ": the data set is empty");
        }
        if ((long) labels.length * sampleSize != features.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + features.length
                    + " feature values (" + sampleSize + " per sample)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of sample " + i
                        + " is outside [0, " + classNames.size() + ")");
            }
        }
        sampleShape = sampleShape.clone();
        classNames = List.copyOf(classNames);
    }

    public int count() {
        return labels.length;
    }

    public int sampleSize() {
        return features.length / labels.length;
    }

    public int classes() {
        return classNames.size();
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Samples {@code [from, to)} as a new data set (copies). */
    public Dataset slice(String sliceName, int from, int to) {
        if (from < 0 || to > count() || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of " + count() + " samples");
        }
        int size = sampleSize();
        return new Dataset(sliceName, Arrays.copyOfRange(features, from * size, to * size),
                Arrays.copyOfRange(labels, from, to), sampleShape, classNames);
    }

    /** The given samples, in the given order, as a new data set. */
    public Dataset select(String selectionName, int[] indices) {
        int size = sampleSize();
        float[] selected = new float[indices.length * size];
        int[] selectedLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * size, selected, i * size, size);
            selectedLabels[i] = labels[indices[i]];
        }
        return new Dataset(selectionName, selected, selectedLabels, sampleShape, classNames);
    }
}
