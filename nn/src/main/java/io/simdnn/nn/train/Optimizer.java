package io.simdnn.nn.train;

import java.util.List;
import io.simdnn.nn.tensor.Param;

/** Updates parameters from their gradients, one fused kernel call per parameter tensor. */
public interface Optimizer {
    /** Applies one step to every parameter, with the learning rate of {@code epoch} (0-based). */
    void step(List<Param> params, int epoch);

    /** The learning rate in force during {@code epoch}. */
    float learningRate(int epoch);

    /**
     * Steps taken so far. Adam's bias correction depends on it, so a resumed run must continue
     * counting where the interrupted one stopped.
     */
    long steps();

    /** Continues counting from {@code steps} (when resuming from a checkpoint). */
    void restoreSteps(long steps);

    /** Settings for logs and checkpoint metadata. */
    String describe();
}
