package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.Optional;
import io.simdnn.nn.tensor.Tensor;

/**
 * Reshapes each C x H x W sample to a row of C*H*W features. Row-major NCHW data already is that
 * row, so both passes return a view of the same memory (no copy, no buffer). Dense layers read
 * any sample as flat anyway; Flatten matters before batch normalization, which normalizes per
 * channel (first dimension) and so, after Flatten, per feature. As the first layer (the presets
 * begin with it, as PyTorch's {@code nn.Sequential(nn.Flatten(), ...)} does) it passes on the
 * model's "no input gradient needed": the next layer then skips it, and {@code backward(null)}
 * returns null.
 */
public final class Flatten implements Layer {
    private int[] inputShape;
    private int features;
    /**
     * The last tensors seen and their views. The layers around hand out the same tensor objects
     * step after step, so remembering one view each way makes a steady-state step create nothing.
     */
    private Tensor lastInput, lastFlat, lastGradOutput, lastGradInput;

    /** A flatten layer; it takes any sample shape. */
    public Flatten() {}

    @Override
    public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
        this.inputShape = inputShape.clone();
        features = (int) Tensor.product(inputShape);
    }

    @Override
    public Optional<Footprint> footprint(int index, int[] inputShape, int maxBatch) {
        long values = Tensor.product(inputShape);
        if (values > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flatten layer " + index + ": samples of " + values + " values are more than a layer takes");
        }
        return Optional.of(new Footprint(new int[] {(int) values}, 0, 0));
    }

    @Override
    public int[] outputShape() {
        return new int[] {features};
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        if (input != lastInput) {
            lastInput = input;
            lastFlat = input.view(input.dim(0), features);
        }
        return lastFlat;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (gradOutput == null) {
            return null;
        }
        if (gradOutput != lastGradOutput) {
            int[] shape = new int[inputShape.length + 1];
            shape[0] = gradOutput.dim(0);
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            lastGradOutput = gradOutput;
            lastGradInput = gradOutput.view(shape);
        }
        return lastGradInput;
    }

    @Override
    public String describe() {
        return "flatten";
    }
}
