package io.simdnn.nn.train;

import java.util.List;
import io.simdnn.nn.tensor.Param;

/**
 * What every optimizer here shares: a learning-rate schedule over epochs and a step count that
 * checkpoints save and resumed runs restore. Subclasses apply one update with the step's rate.
 */
abstract class ScheduledOptimizer implements Optimizer {
    private final LearningRateSchedule schedule;
    private long steps;

    ScheduledOptimizer(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    /** Updates every parameter; {@code step} counts from 1 (Adam's bias correction needs it). */
    abstract void update(List<Param> params, float learningRate, long step);

    @Override
    public final void step(List<Param> params, int epoch) {
        steps++;
        update(params, learningRate(epoch), steps);
    }

    @Override
    public final float learningRate(int epoch) {
        return schedule.at(epoch);
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final void restoreSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + steps);
        }
        this.steps = steps;
    }

    final LearningRateSchedule schedule() {
        return schedule;
    }
}
