package io.simdnn.nn.train;

import io.simdnn.kernels.OptimizerUpdates;
import io.simdnn.nn.Param;
import java.util.List;

/** Adam (beta1 0.9, beta2 0.999, eps 1e-8 by default) with bias correction; counts its own steps. */
public final class Adam implements Optimizer {
    private final LearningRateSchedule schedule;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float l2;
    private long steps;

    public Adam(LearningRateSchedule schedule, float beta1, float beta2, float epsilon, float l2) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0, got " + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.l2 = l2;
    }

    @Override
    public float learningRate(int epoch) {
        return schedule.at(epoch);
    }

    @Override
    public void step(List<Param> params, int epoch) {
        steps++;
        float rate = learningRate(epoch);
        for (Param param : params) {
            OptimizerUpdates.adam(param.value().size(), rate, beta1, beta2, epsilon, param.regularized() ? l2 : 0f, steps,
                    param.value().data(), 0, param.gradient().data(), 0, param.firstMoment().data(), 0,
                    param.secondMoment().data(), 0);
        }
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void restoreSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + steps);
        }
        this.steps = steps;
    }

    @Override
    public String describe() {
        return "adam(" + schedule + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon + ", l2=" + l2 + ")";
    }
}
