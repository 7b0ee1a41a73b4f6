package io.simdnn.nn.data;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled samples in memory: {@code count} samples of {@code sampleShape} floats each (pixels
 * scaled to [0, 1]), sample-major, and their labels in {@code [0, classes)}. The arrays are held,
 * not copied: a data set shares them with whoever built it, and {@link #features()} and
 * {@link #labels()} return them (do not modify them while the data set is in use).
 *
 * @param name        a name for messages, e.g. {@code fashion-mnist/train}
 * @param features    {@code count * sampleSize()} floats, sample after sample, each sample row-major in
 *                    {@code sampleShape} (C x H x W for images)
 * @param labels      one class index per sample, in {@code [0, classNames.size())}
 * @param sampleShape one sample's shape, e.g. {@code [1, 28, 28]} (copied)
 * @param classNames  the name of each class, by label (copied)
 */
public record Dataset(String name, float[] features, int[] labels, int[] sampleShape, List<String> classNames) {
    /**
     * Validates the sizes and every label.
     *
     * @throws IllegalArgumentException if there are no samples, the feature count is not
     *         {@code labels.length * product(sampleShape)}, or a label is out of range
     */
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

    /**
     * The number of samples.
     *
     * @return {@code labels.length}, at least 1
     */
    public int count() {
        return labels.length;
    }

    /**
     * Floats per sample.
     *
     * @return the product of {@link #sampleShape()}
     */
    public int sampleSize() {
        return features.length / labels.length;
    }

    /**
     * The number of classes.
     *
     * @return {@code classNames.size()}
     */
    public int classes() {
        return classNames.size();
    }

    /**
     * One sample's shape.
     *
     * @return a copy, e.g. {@code [1, 28, 28]}
     */
    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /**
     * Samples {@code [from, to)} as a new data set (the arrays are copied).
     *
     * @param sliceName the new data set's name
     * @param from      first sample, inclusive
     * @param to        last sample, exclusive; greater than {@code from}
     * @return the slice
     * @throws IllegalArgumentException if the range is empty or outside {@code [0, count())}
     */
    public Dataset slice(String sliceName, int from, int to) {
        if (from < 0 || to > count() || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of " + count() + " samples");
        }
        int size = sampleSize();
        return new Dataset(sliceName, Arrays.copyOfRange(features, from * size, to * size),
                Arrays.copyOfRange(labels, from, to), sampleShape, classNames);
    }

    /**
     * The given samples, in the given order, as a new data set (the arrays are copied); an index
     * may repeat.
     *
     * @param selectionName the new data set's name
     * @param indices       sample indices in {@code [0, count())}, at least one
     * @return the selection
     * @throws IllegalArgumentException if {@code indices} is empty
     * @throws ArrayIndexOutOfBoundsException if an index is out of range
     */
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
