package io.simdnn.nn.layers;

import io.simdnn.kernels.pool.Pooling;
import io.simdnn.nn.tensor.Tensor;

/** Average pooling over each channel plane: every output is the mean of its kernel x kernel window. */
public final class AvgPool2d extends PoolingLayer {
    /**
     * A layer that averages {@code kernel x kernel} windows moved by {@code stride}, without padding.
     *
     * @param kernel window rows and columns, at least 1
     * @param stride the window's step, at least 1
     * @throws IllegalArgumentException if either is below 1
     */
    public AvgPool2d(int kernel, int stride) {
        super(kernel, stride);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Tensor y = startForward(input);
        Pooling.averageForward(lastShape, input.data(), y.data());
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor dx = gradInput(gradOutput.dim(0));
        Pooling.averageBackward(lastShape, gradOutput.data(), dx.data());
        return dx;
    }

    @Override
    public String describe() {
        return "avgpool(" + kernel + ", stride " + stride + ")";
    }
}
