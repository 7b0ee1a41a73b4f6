package io.simdnn.nn.layers;

import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.pool.Pooling;
import io.simdnn.nn.tensor.Tensor;

/** Max pooling over each channel plane; remembers the argmax of the last forward pass for backward. */
public final class MaxPool2d extends PoolingLayer {
    private int[] argmax;

    /**
     * A layer that takes the maximum of {@code kernel x kernel} windows moved by {@code stride},
     * without padding.
     *
     * @param kernel window rows and columns, at least 1
     * @param stride the window's step, at least 1
     * @throws IllegalArgumentException if either is below 1
     */
    public MaxPool2d(int kernel, int stride) {
        super(kernel, stride);
    }

    @Override
    void buildState(PoolShape largest) {
        argmax = new int[Math.toIntExact(largest.outputSize())];
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Tensor y = startForward(input);
        Pooling.maxForward(lastShape, input.data(), y.data(), argmax);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor dx = gradInput(gradOutput.dim(0));
        Pooling.maxBackward(lastShape, gradOutput.data(), argmax, dx.data());
        return dx;
    }

    @Override
    public String describe() {
        return "maxpool(" + kernel + ", stride " + stride + ")";
    }
}
