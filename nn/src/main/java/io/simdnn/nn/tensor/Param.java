package io.simdnn.nn.tensor;

import java.lang.foreign.Arena;

/**
 * A trainable tensor with its gradient and two optimizer-state tensors of the same shape (the
 * velocity or first moment, and Adam's second moment). {@code regularized} marks weights that L2
 * applies to (not biases). The name is the checkpoint name, PyTorch style: {@code 0.weight},
 * {@code 0.bias}, ...
 *
 * @param name         the tensor's name in checkpoints, e.g. {@code 0.weight}
 * @param value        the parameter's values, which the optimizer updates in place
 * @param gradient     dLoss/dValue, overwritten by each backward pass (data loss only: the L2 term's
 *                     gradient is added by the optimizer's fused update)
 * @param firstMoment  the optimizer's first state tensor (momentum velocity, or Adam's first moment)
 * @param secondMoment Adam's second moment (unused, zero, for the SGD variants)
 * @param regularized  whether L2 applies to this parameter (weights yes, biases and batch-norm
 *                     parameters no)
 */
public record Param(String name, Tensor value, Tensor gradient, Tensor firstMoment, Tensor secondMoment, boolean regularized) {
    /**
     * Zeroed value, gradient and state tensors of {@code shape} from {@code arena}.
     *
     * @param arena       the arena that owns the four tensors
     * @param name        the checkpoint name
     * @param regularized whether L2 applies
     * @param shape       the parameter's shape
     * @return the new parameter
     */
    public static Param allocate(Arena arena, String name, boolean regularized, int... shape) {
        return new Param(name, Tensor.allocate(arena, shape), Tensor.allocate(arena, shape), Tensor.allocate(arena, shape),
                Tensor.allocate(arena, shape), regularized);
    }
}
