/**
 * 2-D convolution (cross-correlation) over NCHW batches, forward and backward (dW, db, dX):
 * im2col + GEMM as the general path (every stride, padding and dilation of a
 * {@link io.simdnn.kernels.ConvShape}), and an implicit-im2col path for stride-1 undilated layers
 * that reads the GEMM operand straight from a padded copy of the input; layers with few input
 * channels run their forward pass and weight gradient there with output positions in the vector
 * lanes.
 *
 * <p>Convention: a {@link io.simdnn.kernels.ConvShape} and whole segments from element 0: x
 * ({@code N x C x H x W}), w ({@code F x C x KH x KW}), b (F), y ({@code N x F x OH x OW}).
 * Scratch space lives in a {@link io.simdnn.kernels.conv.ConvWorkspace}, which also carries the
 * forward pass's columns to the backward pass. Outputs must not overlap inputs. Work is split by
 * samples and by output tiles; sums over overlapping patches are added in a fixed order, so
 * results are bit-identical for every thread count. docs/conv.md describes the paths.
 */
package io.simdnn.kernels.conv;
