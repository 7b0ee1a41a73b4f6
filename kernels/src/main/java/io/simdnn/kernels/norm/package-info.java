/**
 * Batch normalization over {@code N x C x S} tensors (S = 1 after a dense layer, H*W after a
 * convolution): training forward with batch statistics and running averages, inference forward,
 * and backward.
 *
 * <p>Convention: a {@link io.simdnn.kernels.ChannelShape} and whole segments from element 0;
 * per-channel vectors hold C floats. y may be x itself (in place). A channel is reduced by one
 * thread in a fixed order, so results are bit-identical for every thread count.
 */
package io.simdnn.kernels.norm;
