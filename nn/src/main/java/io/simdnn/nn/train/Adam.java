package io.simdnn.nn.train;

import java.util.List;
import io.simdnn.kernels.optim.OptimizerUpdates;
import io.simdnn.nn.tensor.Param;

/** Adam (beta1 0.9, beta2 0.999, eps 1e-8 by default) with bias correction from the step count. */
public final class Adam extends ScheduledOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float l2;

    /**
     * Adam with L2 folded into the gradient (not decoupled weight decay).
     *
     * @param schedule the learning rate per epoch
     * @param beta1    decay of the first moment, in [0, 1)
     * @param beta2    decay of the second moment, in [0, 1)
     * @param epsilon  added to the denominator, above 0
     * @param l2       L2 coefficient lambda of the weights (biases excluded); 0 for none
     * @throws IllegalArgumentException if a decay or epsilon is out of range
     */
    public Adam(LearningRateSchedule schedule, float beta1, float beta2, float epsilon, float l2) {
        super(schedule);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0, got " + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.l2 = l2;
    }

    @Override
    void update(List<Param> params, float rate, long step) {
        for (int i = 0; i < params.size(); i++) { // indexed: an iterator per step is garbage
            Param param = params.get(i);
            OptimizerUpdates.adam(param.value().size(), rate, beta1, beta2, epsilon, param.regularized() ? l2 : 0f, step,
                    param.value().data(), 0, param.gradient().data(), 0, param.firstMoment().data(), 0,
                    param.secondMoment().data(), 0);
        }
    }

    @Override
    public String describe() {
        return "adam(" + schedule() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", l2=" + l2 + ")";
    }
}
