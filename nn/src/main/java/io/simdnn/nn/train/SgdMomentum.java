package io.simdnn.nn.train;

import java.util.List;
import io.simdnn.kernels.optim.OptimizerUpdates;
import io.simdnn.nn.tensor.Param;

/**
 * SGD with momentum in one of three forms, L2 folded into the gradient ({@code g + 2 l2 w},
 * weights only): classical ({@code v = mu v - lr g; w += v}; mu = 0 is plain SGD), averaged
 * ({@code m = mu m + (1 - mu) g; w -= lr m}) and Nesterov ({@code v = mu v + g; w -= lr (g + mu v)}).
 */
public final class SgdMomentum extends ScheduledOptimizer {
    /** The form of the momentum update. */
    public enum Variant {
        /** {@code v = mu v - lr g; w += v} (mu = 0: plain SGD). */
        CLASSICAL,
        /** {@code m = mu m + (1 - mu) g; w -= lr m}. */
        AVERAGED,
        /** {@code v = mu v + g; w -= lr (g + mu v)}, as PyTorch's {@code nesterov=True}. */
        NESTEROV
    }

    private final Variant variant;
    private final float momentum;
    private final float l2;

    /**
     * SGD with momentum.
     *
     * @param variant  the form of the update
     * @param schedule the learning rate per epoch
     * @param momentum mu, in [0, 1)
     * @param l2       L2 coefficient lambda of the weights (biases excluded); 0 for none
     * @throws IllegalArgumentException if the momentum is out of range
     */
    public SgdMomentum(Variant variant, LearningRateSchedule schedule, float momentum, float l2) {
        super(schedule);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.variant = variant;
        this.momentum = momentum;
        this.l2 = l2;
    }

    /**
     * Classical momentum with exponential decay per epoch.
     *
     * @param learningRate the rate of epoch 0, finite and above 0
     * @param momentum     mu, in [0, 1)
     * @param decay        factor per epoch, in (0, 1]
     * @param l2           L2 coefficient of the weights; 0 for none
     * @throws IllegalArgumentException if a value is out of range
     */
    public SgdMomentum(float learningRate, float momentum, float decay, float l2) {
        this(Variant.CLASSICAL, new LearningRateSchedule(LearningRateSchedule.Kind.EXPONENTIAL, learningRate, decay, 1), momentum, l2);
    }

    @Override
    void update(List<Param> params, float rate, long step) {
        for (int i = 0; i < params.size(); i++) { // indexed: an iterator per step is garbage
            Param param = params.get(i);
            float decay = param.regularized() ? l2 : 0f;
            long n = param.value().size();
            switch (variant) {
                case CLASSICAL -> OptimizerUpdates.sgdMomentum(n, rate, momentum, decay, param.value().data(), 0,
                        param.gradient().data(), 0, param.firstMoment().data(), 0);
                case AVERAGED -> OptimizerUpdates.averagedMomentum(n, rate, momentum, decay, param.value().data(), 0,
                        param.gradient().data(), 0, param.firstMoment().data(), 0);
                case NESTEROV -> OptimizerUpdates.nesterov(n, rate, momentum, decay, param.value().data(), 0,
                        param.gradient().data(), 0, param.firstMoment().data(), 0);
            }
        }
    }

    @Override
    public String describe() {
        return "sgd-" + variant.name().toLowerCase(java.util.Locale.ROOT) + "(" + schedule() + ", momentum=" + momentum + ", l2=" + l2 + ")";
    }
}
