/**
 * Shaped float buffers: {@link io.simdnn.nn.tensor.Tensor} (a shape and an off-heap segment,
 * row-major), {@link io.simdnn.nn.tensor.Param} (a trainable tensor with its gradient and a
 * PyTorch-style name) and {@link io.simdnn.nn.tensor.BatchBuffer} (activation storage sized for the
 * largest batch, viewed at the current batch size). Memory belongs to the model's arena.
 */
package io.simdnn.nn.tensor;
