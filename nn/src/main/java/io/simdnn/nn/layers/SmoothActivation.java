package io.simdnn.nn.layers;

import java.util.Locale;
import java.util.Objects;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.elementwise.Activations;
import io.simdnn.nn.tensor.Tensor;

/**
 * Tanh, sigmoid or LeCun's scaled tanh {@code 1.7159 tanh(2x/3)}, element-wise. The backward pass
 * takes the derivative from the forward output y ({@code 1 - y^2}, {@code y (1 - y)}, ...), which
 * this layer keeps in its output buffer.
 */
public final class SmoothActivation extends ShapePreservingLayer {
    private final SmoothFunction function;
    private Tensor lastOutput;

    /**
     * An activation layer of {@code function}.
     *
     * @param function the function applied to every value
     */
    public SmoothActivation(SmoothFunction function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    /**
     * A tanh layer.
     *
     * @return {@code new SmoothActivation(SmoothFunction.TANH)}
     */
    public static SmoothActivation tanh() {
        return new SmoothActivation(SmoothFunction.TANH);
    }

    /**
     * A logistic sigmoid layer.
     *
     * @return {@code new SmoothActivation(SmoothFunction.SIGMOID)}
     */
    public static SmoothActivation sigmoid() {
        return new SmoothActivation(SmoothFunction.SIGMOID);
    }

    /**
     * A scaled tanh layer, {@code 1.7159 tanh(2x/3)}.
     *
     * @return {@code new SmoothActivation(SmoothFunction.SCALED_TANH)}
     */
    public static SmoothActivation scaledTanh() {
        return new SmoothActivation(SmoothFunction.SCALED_TANH);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        lastOutput = output(input.dim(0));
        Activations.smoothForward(function, input.size(), input.data(), 0, lastOutput.data(), 0);
        return lastOutput;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor dx = gradInput(gradOutput.dim(0));
        Activations.smoothBackward(function, gradOutput.size(), lastOutput.data(), 0, gradOutput.data(), 0, dx.data(), 0);
        return dx;
    }

    @Override
    public String describe() {
        return function.name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}
