package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.Optional;
import io.simdnn.nn.tensor.BatchBuffer;
import io.simdnn.nn.tensor.Tensor;

/**
 * Base of layers whose output has the shape of their input (activations, dropout, batch
 * normalization): it owns the output and input-gradient buffers, sized for the maximum batch.
 */
abstract class ShapePreservingLayer implements Layer {
    private int[] shape;
    private BatchBuffer output;
    private BatchBuffer gradInput;

    @Override
    public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
        shape = inputShape.clone();
        int[] batched = new int[shape.length + 1];
        batched[0] = maxBatch;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        output = new BatchBuffer(arena, batched);
        gradInput = new BatchBuffer(arena, batched);
        buildState(index, inputShape, arena);
    }

    /** Allocates what the layer needs besides its two buffers (parameters, statistics). */
    void buildState(int index, int[] inputShape, Arena arena) {}

    @Override
    public Optional<Footprint> footprint(int index, int[] inputShape, int maxBatch) {
        long buffer = Footprint.floatBytes(maxBatch, Tensor.product(inputShape));
        return Optional.of(new Footprint(inputShape, Footprint.sum(buffer, buffer, stateBytes(index, inputShape)), 0));
    }

    /** The arena bytes {@link #buildState} takes for samples of {@code inputShape}, checked as it checks them. */
    long stateBytes(int index, int[] inputShape) {
        return 0;
    }

    @Override
    public int[] outputShape() {
        return shape.clone();
    }

    /** The output buffer for a batch of {@code batch} samples. */
    Tensor output(int batch) {
        return output.rows(batch);
    }

    /** The input-gradient buffer for a batch of {@code batch} samples. */
    Tensor gradInput(int batch) {
        return gradInput.rows(batch);
    }
}
