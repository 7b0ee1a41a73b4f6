package io.simdnn.nn;

/**
 * A trainable tensor with its gradient and its optimizer state (velocity), all the same shape.
 * {@code regularized} marks weights that L2 applies to (not biases). The name is the checkpoint
 * name, PyTorch style: {@code 0.weight}, {@code 0.bias}, ...
 */
public record Param(String name, Tensor value, Tensor gradient, Tensor velocity, boolean regularized) {}
