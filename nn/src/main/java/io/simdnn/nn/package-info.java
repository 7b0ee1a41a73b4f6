/**
 * Models: a {@link io.simdnn.nn.Model} is a sequence of layers plus the shared arena that owns all
 * their memory (parameters, gradients, optimizer state, per-batch buffers), built from a
 * {@link io.simdnn.nn.ModelSpec} (the comma-separated model grammar of docs/cli.md, one
 * {@link io.simdnn.nn.LayerSpec} per layer, or a preset name such as {@code mlp} or {@code cnn}).
 *
 * <p>Tensors are row-major with the batch first; image tensors are NCHW. Closing a model frees
 * everything it allocated. Training the same spec with the same seed gives the same bits for any
 * thread count.
 */
package io.simdnn.nn;
