/**
 * Models: a {@link io.simdnn.nn.Model} is a sequence of layers plus the shared arena that owns all
 * their memory (parameters, gradients, optimizer state, per-batch buffers), built from a
 * {@link io.simdnn.nn.ModelSpec} (the comma-separated model grammar of docs/cli.md, one
 * {@link io.simdnn.nn.LayerSpec} per layer, or a preset name such as {@code mlp} or {@code cnn})
 * with a {@link io.simdnn.nn.ModelBuilder}.
 *
 * <p>The library's front door: {@code Model.builder(spec)} makes a model that knows its input
 * shape, class names and input standardization; {@code io.simdnn.nn.train.Trainer} trains it;
 * {@link io.simdnn.nn.Model#evaluate}, {@link io.simdnn.nn.Model#predict} (a
 * {@link io.simdnn.nn.Prediction}: class probabilities and the top k), {@link io.simdnn.nn.Model#save}
 * and {@link io.simdnn.nn.Model#load} use it. docs/api.md walks through them.
 *
 * <p>Tensors are row-major with the batch first; image tensors are NCHW. Closing a model frees
 * everything it allocated. Training the same spec with the same seed gives the same bits for any
 * thread count.
 */
package io.simdnn.nn;
