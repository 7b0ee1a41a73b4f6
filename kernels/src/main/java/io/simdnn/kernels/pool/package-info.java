/**
 * Max and average pooling over NCHW planes, forward and backward.
 *
 * <p>Convention: a {@link io.simdnn.kernels.PoolShape} and whole segments from element 0. Max
 * pooling records the flat input index of each window's maximum (the first on ties) in an
 * {@code int[]}, and its backward pass routes each gradient to that input. Backward passes
 * overwrite dx. One task per plane, so results are bit-identical for every thread count.
 */
package io.simdnn.kernels.pool;
