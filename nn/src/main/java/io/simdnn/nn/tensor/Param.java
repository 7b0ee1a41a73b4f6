package io.simdnn.nn.tensor;

import java.lang.foreign.Arena;

/**
 * A trainable tensor with its gradient and two optimizer-state tensors of the same shape (the
 * velocity or first moment, and Adam's second moment). {@code regularized} marks weights that L2
 * applies to (not biases). The name is the checkpoint name, PyTorch style: {@code 0.weight},
 * {@code 0.bias}, ...
 */
public record Param(String name, Tensor value, Tensor gradient, Tensor firstMoment, Tensor secondMoment, boolean regularized) {
    /** Zeroed value, gradient and state tensors of {@code shape} from {@code arena}. */
    public static Param allocate(Arena arena, String name, boolean regularized, int... shape) {
        return new Param(name, Tensor.allocate(arena, shape), Tensor.allocate(arena, shape), Tensor.allocate(arena, shape),
                Tensor.allocate(arena, shape), regularized);
    }
}
