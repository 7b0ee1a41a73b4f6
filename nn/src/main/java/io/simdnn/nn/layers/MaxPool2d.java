package io.simdnn.nn.layers;

import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.Pooling;
import io.simdnn.nn.Tensor;
import java.lang.foreign.Arena;

/** Max pooling over each channel plane; remembers the argmax of the last forward pass for backward. */
public final class MaxPool2d implements Layer {
    private final int kernel;
    private final int stride;
    private int[] inputShape;
    private int[] argmax;
    private Tensor output;
    private Tensor gradInput;
    private PoolShape lastShape;

    public MaxPool2d(int kernel, int stride) {
        this.kernel = kernel;
        this.stride = stride;
    }

    private PoolShape shape(int batch) {
        return new PoolShape(batch, inputShape[0], inputShape[1], inputShape[2], kernel, stride);
    }

    @Override
    public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("max pooling layer " + index + " needs C x H x W input, got " + java.util.Arrays.toString(inputShape));
        }
        this.inputShape = inputShape.clone();
        PoolShape s = shape(maxBatch);
        argmax = new int[Math.toIntExact(s.outputSize())];
        output = Tensor.allocate(arena, maxBatch, inputShape[0], s.outHeight(), s.outWidth());
        gradInput = Tensor.allocate(arena, maxBatch, inputShape[0], inputShape[1], inputShape[2]);
    }

    @Override
    public int[] outputShape() {
        PoolShape s = shape(1);
        return new int[] {inputShape[0], s.outHeight(), s.outWidth()};
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        lastShape = shape(input.dim(0));
        Tensor y = output.firstRows(input.dim(0));
        Pooling.maxForward(lastShape, input.data(), y.data(), argmax);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor dx = gradInput.firstRows(gradOutput.dim(0));
        Pooling.maxBackward(lastShape, gradOutput.data(), argmax, dx.data());
        return dx;
    }

    @Override
    public String describe() {
        return "maxpool(" + kernel + ", stride " + stride + ")";
    }
}
