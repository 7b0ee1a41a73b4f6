package io.simdnn.nn.train;

import io.simdnn.kernels.OptimizerUpdates;
import io.simdnn.nn.Param;
import java.util.List;

/**
 * SGD with classical momentum ({@code v = mu v - lr (g + 2 l2 w); w += v}; mu = 0 is plain SGD)
 * and an exponential learning-rate decay per epoch ({@code lr_e = lr * decay^e}).
 */
public final class SgdMomentum {
    private final float learningRate;
    private final float momentum;
    private final float decay;
    private final float l2;

    public SgdMomentum(float learningRate, float momentum, float decay, float l2) {
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay per epoch must be in (0, 1], got " + decay);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.decay = decay;
        this.l2 = l2;
    }

    public float learningRate(int epoch) {
        return (float) (learningRate * Math.pow(decay, epoch));
    }

    /** One fused update per parameter tensor. */
    public void step(List<Param> params, int epoch) {
        float rate = learningRate(epoch);
        for (Param param : params) {
            OptimizerUpdates.sgdMomentum(param.value().size(), rate, momentum, param.regularized() ? l2 : 0f,
                    param.value().data(), 0, param.gradient().data(), 0, param.velocity().data(), 0);
        }
    }

    public String describe() {
        return "sgd(lr=" + learningRate + ", momentum=" + momentum + ", decay=" + decay + ", l2=" + l2 + ")";
    }
}
