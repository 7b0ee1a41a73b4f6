package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Optional;
import io.simdnn.kernels.PoolShape;
import io.simdnn.nn.tensor.BatchBuffer;
import io.simdnn.nn.tensor.Tensor;

/** Base of the pooling layers: geometry, C x H x W checks and the two buffers; subclasses call their kernels. */
abstract class PoolingLayer implements Layer {
    final int kernel;
    final int stride;
    private int[] inputShape;
    private BatchBuffer output;
    private BatchBuffer gradInput;
    PoolShape lastShape;

    PoolingLayer(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("pooling needs kernel and stride >= 1, got " + kernel + " and " + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    PoolShape shape(int batch) {
        return shape(-1, inputShape, batch);
    }

    /** The geometry of a batch of {@code batch} samples of {@code in}, checked for the layer at {@code index}. */
    private PoolShape shape(int index, int[] in, int batch) {
        if (in.length != 3) {
            throw new IllegalArgumentException(describe() + " layer " + index + " needs C x H x W input, got " + Arrays.toString(in));
        }
        return new PoolShape(batch, in[0], in[1], in[2], kernel, stride);
    }

    @Override
    public Optional<Footprint> footprint(int index, int[] inputShape, int maxBatch) {
        PoolShape s = shape(index, inputShape, maxBatch);
        return Optional.of(new Footprint(new int[] {inputShape[0], s.outHeight(), s.outWidth()},
                Footprint.sum(Footprint.floatBytes(s.outputSize()), Footprint.floatBytes(s.inputSize())), 0));
    }

    @Override
    public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
        PoolShape s = shape(index, inputShape, maxBatch);
        this.inputShape = inputShape.clone();
        output = new BatchBuffer(arena, maxBatch, inputShape[0], s.outHeight(), s.outWidth());
        gradInput = new BatchBuffer(arena, maxBatch, inputShape[0], inputShape[1], inputShape[2]);
        buildState(s);
    }

    /** Allocates per-layer state for the largest batch (max pooling's argmax indices). */
    void buildState(PoolShape largest) {}

    @Override
    public int[] outputShape() {
        PoolShape s = shape(1);
        return new int[] {inputShape[0], s.outHeight(), s.outWidth()};
    }

    /** Records the batch's geometry and returns its output buffer. */
    Tensor startForward(Tensor input) {
        int batch = input.dim(0);
        if (lastShape == null || lastShape.batch() != batch) {
            lastShape = shape(batch); // kept while the batch size stays: steady-state steps create no objects
        }
        return output.rows(batch);
    }

    Tensor gradInput(int batch) {
        return gradInput.rows(batch);
    }
}
