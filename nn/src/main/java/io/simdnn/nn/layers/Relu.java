package io.simdnn.nn.layers;

import io.simdnn.kernels.elementwise.Activations;
import io.simdnn.nn.tensor.Tensor;

/**
 * {@code y = max(x, 0)}; the backward mask comes from the forward input (see {@link Activations}).
 * After a dense layer, a model folds it into that layer's forward product ({@link ReluFusion}):
 * the input is then already activated and passes through, and so does the gradient when the next
 * layer is dense and masks its own input gradient. The mask of a passed-through input is the
 * activated values, positive exactly where the pre-activations are.
 */
public final class Relu extends ShapePreservingLayer {
    private Tensor lastInput;
    /** Whether the input arrives activated (the dense layer before stored max(y, 0)). */
    private boolean inputActivated;
    /** Whether the gradient arrives masked (the dense layer after zeroed it where this output is not positive). */
    private boolean gradientMasked;

    /** A ReLU layer; it takes any sample shape. */
    public Relu() {}

    @Override
    public Tensor forward(Tensor input, boolean training) {
        lastInput = input;
        if (inputActivated) {
            return input;
        }
        Tensor y = output(input.dim(0));
        Activations.reluForward(input.size(), input.data(), 0, y.data(), 0);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (gradientMasked) {
            return gradOutput;
        }
        Tensor dx = gradInput(gradOutput.dim(0));
        Activations.reluBackward(gradOutput.size(), lastInput.data(), 0, gradOutput.data(), 0, dx.data(), 0);
        return dx;
    }

    /** Passes the input through: the dense layer before has applied ReLU in its forward product. */
    void takeActivatedInput() {
        inputActivated = true;
    }

    /** Passes the gradient through: the dense layer after has masked it in its input-gradient product. */
    void takeMaskedGradient() {
        gradientMasked = true;
    }

    @Override
    public String describe() {
        return "relu";
    }
}
