package io.simdnn.nn.train;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.tensor.Tensor;

/**
 * Mini-batches of a data set in an order fixed by a seed: the same seed and epoch give the same
 * batches. Each batch is copied into caller-owned buffers, so iterating allocates nothing; the
 * last batch of an epoch holds the remainder.
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final int[] order;

    /**
     * Batches of {@code data} in sample order until the first {@link #shuffle}.
     *
     * @param data      the samples (not copied)
     * @param batchSize samples per batch, at least 1
     * @throws IllegalArgumentException if the batch size is below 1
     */
    public Batches(Dataset data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
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
            MemorySegment.copy(data.features(), sample * sampleSize, target, Buffers.FLOAT,
                    (long) i * sampleSize * Buffers.FLOAT_BYTES, sampleSize);
            labels[i] = data.labels()[sample];
        }
        return size;
    }
}
