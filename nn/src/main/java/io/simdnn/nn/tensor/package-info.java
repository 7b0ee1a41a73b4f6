/**
 * Shaped float buffers: {@link io.simdnn.nn.tensor.Tensor} (a shape and an off-heap segment,
 * row-major), {@link io.simdnn.nn.tensor.Param} (a trainable tensor with its gradient and a
 * PyTorch-style name) and {@link io.simdnn.nn.tensor.BatchBuffer} (activation storage sized for the
 * largest batch, viewed at the current batch size). Memory belongs to the model's arena. Integer
 * state a model only carries (batch norm's {@code num_batches_tracked}) is an
 * {@link io.simdnn.nn.tensor.IntegerBuffer} of an {@link io.simdnn.nn.tensor.IntegerType}.
 */
package io.simdnn.nn.tensor;
