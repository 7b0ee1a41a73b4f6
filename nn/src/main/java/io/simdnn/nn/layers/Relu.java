package io.simdnn.nn.layers;

import io.simdnn.kernels.Activations;
import io.simdnn.nn.Tensor;
import java.lang.foreign.Arena;

/** {@code y = max(x, 0)}; the backward mask comes from the forward input (see {@link Activations}). */
public final class Relu implements Layer {
    private int[] shape;
    private Tensor output;
    private Tensor gradInput;
    private Tensor lastInput;

    @Override
    public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
        shape = inputShape.clone();
        int[] batched = batched(maxBatch);
        output = Tensor.allocate(arena, batched);
        gradInput = Tensor.allocate(arena, batched);
    }

    private int[] batched(int batch) {
        int[] batched = new int[shape.length + 1];
        batched[0] = batch;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        return batched;
    }

    @Override
    public int[] outputShape() {
        return shape.clone();
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        lastInput = input;
        Tensor y = output.firstRows(input.dim(0));
        Activations.reluForward(input.size(), input.data(), 0, y.data(), 0);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor dx = gradInput.firstRows(gradOutput.dim(0));
        Activations.reluBackward(gradOutput.size(), lastInput.data(), 0, gradOutput.data(), 0, dx.data(), 0);
        return dx;
    }

    @Override
    public String describe() {
        return "relu";
    }
}
