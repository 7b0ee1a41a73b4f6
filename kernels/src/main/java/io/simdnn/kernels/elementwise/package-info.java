/**
 * Element-wise kernels: ReLU and the smooth activations ({@link io.simdnn.kernels.SmoothFunction})
 * forward and backward, bias addition over matrix rows or tensor channels and its gradient
 * (column or channel sums), and dropout with a counter-based mask (no mask buffer: the mask is a
 * hash of the element index and a per-step key, recomputed by the backward pass).
 *
 * <p>Convention: vectors and matrices as segment, element offset and (for matrices) leading
 * dimension; channel variants take a {@link io.simdnn.kernels.ChannelShape} and whole segments.
 * Activation outputs may be their inputs (in place). Long passes are split over the kernel threads
 * in fixed pieces, so results are bit-identical for every thread count.
 */
package io.simdnn.kernels.elementwise;
