package io.simdnn.nn.train;

import java.util.List;
import io.simdnn.nn.tensor.Param;

/** Updates parameters from their gradients, one fused kernel call per parameter tensor. */
public interface Optimizer {
    /**
     * Applies one step to every parameter, with the learning rate of {@code epoch}: updates each
     * value and its optimizer state in place from its gradient, adding L2's gradient
     * {@code 2 lambda W} for regularized parameters.
     *
     * @param params the parameters, with the gradients of the last backward pass
     * @param epoch  the epoch, 0-based, which sets the learning rate
     */
    void step(List<Param> params, int epoch);

    /**
     * The learning rate in force during {@code epoch}.
     *
     * @param epoch the epoch, 0-based
     * @return the schedule's rate
     */
    float learningRate(int epoch);

    /**
     * Steps taken so far. Adam's bias correction depends on it, so a resumed run must continue
     * counting where the interrupted one stopped.
     *
     * @return the number of {@link #step} calls so far (or since the restored count)
     */
    long steps();

    /**
     * Continues counting from {@code steps} (when resuming from a checkpoint).
     *
     * @param steps the steps already taken, at least 0
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    void restoreSteps(long steps);

    /**
     * Settings for logs and checkpoint metadata.
     *
     * @return e.g. {@code adam(lr=0.001 cosine over 10 epochs, beta1=0.9, beta2=0.999, eps=1.0E-8, l2=1.0E-4)}
     */
    String describe();
}
