/**
 * Layers with forward and backward passes over NCHW or {@code [batch, features]} tensors: dense,
 * 2-D convolution, ReLU and the smooth activations, max and average pooling, batch norm, dropout,
 * flatten; and the weight initializers.
 *
 * <p>A layer allocates its parameters and buffers from the model's arena when the model is built,
 * so a training step allocates nothing. {@code forward} returns the layer's output buffer (valid
 * until its next forward); {@code backward} takes the gradient of that output and returns the
 * gradient of the input, accumulating parameter gradients into each {@link io.simdnn.nn.tensor.Param}.
 * Parameter names and layouts follow PyTorch ({@code 0.weight} of a dense layer is
 * {@code [out, in]}, of a convolution {@code [F, C, KH, KW]}).
 */
package io.simdnn.nn.layers;
