package io.simdnn.nn.train;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.tensor.Tensor;

/**
 * Mini-batches of a data set in an order fixed by a seed: the same seed and epoch give the same
 * batches. Each batch is copied into caller-owned buffers, so iterating allocates nothing; the
 * last batch of an epoch holds the remainder. Training batches may be augmented
 * ({@link Augmentation}); an augmentation's random choices depend only on the seed, the number of
 * shuffles so far (the epoch) and the position in the epoch.
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final int[] order;
    private final Augmentation augmentation;
    private final long augmentationSeed;
    /** The samples' last dimension: the length of a row a flip reverses. */
    private final int rowLength;
    /** Shuffles so far: the epoch an augmentation draws for. */
    private long shuffles;

    /**
     * Batches of {@code data} as stored, in sample order until the first {@link #shuffle}.
     *
     * @param data      the samples (not copied)
     * @param batchSize samples per batch, at least 1
     * @throws IllegalArgumentException if the batch size is below 1
     */
    public Batches(Dataset data, int batchSize) {
        this(data, batchSize, Augmentation.NONE, 0);
    }

    /**
     * Batches of {@code data}, augmented, in sample order until the first {@link #shuffle}.
     *
     * @param data         the samples (not copied)
     * @param batchSize    samples per batch, at least 1
     * @param augmentation how each copied sample is varied
     * @param seed         the seed of the augmentation's choices
     * @throws IllegalArgumentException if the batch size is below 1, or the augmentation is a flip
     *                                  and the samples are not images (fewer than 2 dimensions)
     */
    public Batches(Dataset data, int batchSize, Augmentation augmentation, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Objects.requireNonNull(augmentation, "augmentation");
        int[] shape = data.sampleShape();
        if (augmentation == Augmentation.FLIP && shape.length < 2) {
            throw new IllegalArgumentException("the flip augmentation mirrors images, and " + data.name()
                    + " has samples of shape " + Arrays.toString(shape));
        }
        this.data = data;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.augmentationSeed = seed;
        this.rowLength = shape[shape.length - 1];
        this.order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /**
     * Batches per epoch.
     *
     * @return {@code ceil(count / batchSize)}
     */
    public int count() {
        return (data.count() + batchSize - 1) / batchSize;
    }

    /**
     * Reorders the samples by a Fisher-Yates shuffle drawn from {@code random}, applied to the
     * current order (so each epoch's order depends on every shuffle before it).
     *
     * @param random the source of the permutation
     */
    public void shuffle(SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        shuffles++;
    }

    /**
     * Copies batch {@code index} into {@code input} (first rows) and {@code labels}; returns its
     * size. The input tensor's first dimension must be at least the batch size.
     *
     * @param index  the batch, in {@code [0, count())}
     * @param input  receives the samples in its first rows, {@code [batchSize, sampleShape...]} at least
     * @param labels receives the labels in its first entries, at least the batch size long
     * @return the number of samples copied: the batch size, or the remainder for the last batch
     */
    public int fill(int index, Tensor input, int[] labels) {
        int start = index * batchSize;
        int size = Math.min(batchSize, data.count() - start);
        int sampleSize = data.sampleSize();
        MemorySegment target = input.data();
        for (int i = 0; i < size; i++) {
            int sample = order[start + i];
            long targetOffset = (long) i * sampleSize;
            if (augmentation == Augmentation.FLIP && coin(start + i)) {
                copyMirrored(sample * sampleSize, target, targetOffset);
            } else {
                MemorySegment.copy(data.features(), sample * sampleSize, target, Buffers.FLOAT,
                        targetOffset * Buffers.FLOAT_BYTES, sampleSize);
            }
            labels[i] = data.labels()[sample];
        }
        return size;
    }

    /** One sample copied with every row (the last axis) reversed. */
    private void copyMirrored(int from, MemorySegment target, long targetOffset) {
        int size = data.sampleSize();
        float[] features = data.features();
        for (int row = 0; row < size; row += rowLength) {
            for (int x = 0; x < rowLength; x++) {
                target.setAtIndex(Buffers.FLOAT, targetOffset + row + x, features[from + row + rowLength - 1 - x]);
            }
        }
    }

    /**
     * A fair coin for position {@code position} of the current epoch's order: SplitMix64's output
     * function over the seed, the epoch and the position, so that no state needs replaying on resume.
     */
    private boolean coin(int position) {
        long z = augmentationSeed + 0x9E3779B97F4A7C15L * (shuffles * data.count() + position + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return ((z ^ (z >>> 31)) & 1) != 0;
    }
}
