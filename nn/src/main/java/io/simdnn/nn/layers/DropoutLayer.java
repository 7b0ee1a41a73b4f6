package io.simdnn.nn.layers;

import java.util.random.RandomGenerator;
import io.simdnn.kernels.elementwise.Dropout;
import io.simdnn.nn.tensor.Tensor;

/**
 * Inverted dropout: in training, each value is zeroed with probability {@code rate} and the rest
 * are scaled by {@code 1 / (1 - rate)}; otherwise (and at rate 0) the layer passes its input
 * through untouched, without a copy.
 *
 * <p>Masks come from {@link Dropout}'s counter-based hash of (key, element index), so they do
 * not depend on threads. The key is derived from a seed drawn from the model's one generator in
 * {@link #initialize} (the same model seed gives the same masks) and from a step counter that
 * advances when a backward pass has consumed the mask. Forward passes repeated before the
 * backward pass therefore see the same mask: the loss of one training step can be evaluated
 * again, which is what gradient checking needs.
 */
public final class DropoutLayer extends ShapePreservingLayer {
    private final float rate;
    private long seed;
    private long step;
    private boolean masked;

    /**
     * A dropout layer.
     *
     * @param rate probability of zeroing a value in training, in [0, 1)
     * @throws IllegalArgumentException if the rate is out of range
     */
    public DropoutLayer(float rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    /**
     * The drop probability.
     *
     * @return the rate given to the constructor
     */
    public float rate() {
        return rate;
    }

    @Override
    public void initialize(RandomGenerator random) {
        seed = random.nextLong();
        step = 0;
    }

    @Override
    public void setTrainingStep(long step) {
        this.step = step;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        masked = training && rate > 0;
        if (!masked) {
            return input;
        }
        Tensor y = output(input.dim(0));
        Dropout.forward(input.size(), rate, Dropout.maskKey(seed, step), input.data(), 0, y.data(), 0);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (!masked) {
            return gradOutput;
        }
        Tensor dx = gradInput(gradOutput.dim(0));
        Dropout.backward(gradOutput.size(), rate, Dropout.maskKey(seed, step), gradOutput.data(), 0, dx.data(), 0);
        step++;
        return dx;
    }

    @Override
    public String describe() {
        return "dropout(" + rate + ")";
    }
}
