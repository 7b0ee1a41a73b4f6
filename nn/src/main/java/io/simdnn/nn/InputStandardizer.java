package io.simdnn.nn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.tensor.BatchBuffer;
import io.simdnn.nn.tensor.Tensor;

/**
 * The first stage of a model trained on standardized inputs: {@code x' = (x - mean[c]) / std[c]}
 * per channel, written into a buffer of its own (the caller's input is not changed). The
 * expression is {@link ChannelStandardization#apply}'s, so a model that standardizes its input
 * computes the same bits as one fed data standardized beforehand.
 */
final class InputStandardizer {
    private final ChannelStandardization standardization;
    private final float[] means;
    private final float[] stds;
    private final int channels;
    private final int plane;
    private final BatchBuffer output;

    /** A stage for samples of {@code inputShape}, batches of up to {@code maxBatch}, its buffer in {@code arena}. */
    InputStandardizer(ChannelStandardization standardization, int[] inputShape, int maxBatch, Arena arena) {
        this.standardization = standardization;
        this.means = standardization.means();
        this.stds = standardization.stds();
        // the channel rule of ChannelStandardization: the first dimension of C x H x W, one channel for flat samples
        this.channels = inputShape.length >= 2 ? inputShape[0] : 1;
        if (means.length != channels) {
            throw new IllegalArgumentException("the standardization has " + means.length + " channels, samples of shape "
                    + Arrays.toString(inputShape) + " have " + channels);
        }
        this.plane = (int) (Tensor.product(inputShape) / channels);
        int[] batched = new int[inputShape.length + 1];
        batched[0] = maxBatch;
        System.arraycopy(inputShape, 0, batched, 1, inputShape.length);
        this.output = new BatchBuffer(arena, batched);
    }

    ChannelStandardization standardization() {
        return standardization;
    }

    /** The standardized batch: a view of this stage's buffer, valid until the next call. */
    Tensor apply(Tensor input) {
        int batch = input.dim(0);
        Tensor result = output.rows(batch);
        MemorySegment from = input.data();
        MemorySegment to = result.data();
        long index = 0;
        for (int sample = 0; sample < batch; sample++) {
            for (int c = 0; c < channels; c++) {
                float mean = means[c];
                float std = stds[c];
                for (int i = 0; i < plane; i++, index++) {
                    Buffers.set(to, index, (Buffers.get(from, index) - mean) / std);
                }
            }
        }
        return result;
    }
}
