package io.simdnn.nn.layers;

import io.simdnn.kernels.elementwise.Activations;
import io.simdnn.nn.tensor.Tensor;

/** {@code y = max(x, 0)}; the backward mask comes from the forward input (see {@link Activations}). */
public final class Relu extends ShapePreservingLayer {
    private Tensor lastInput;

    /** A ReLU layer; it takes any sample shape. */
    public Relu() {}

    @Override
    public Tensor forward(Tensor input, boolean training) {
        lastInput = input;
        Tensor y = output(input.dim(0));
        Activations.reluForward(input.size(), input.data(), 0, y.data(), 0);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor dx = gradInput(gradOutput.dim(0));
        Activations.reluBackward(gradOutput.size(), lastInput.data(), 0, gradOutput.data(), 0, dx.data(), 0);
        return dx;
    }

    @Override
    public String describe() {
        return "relu";
    }
}
