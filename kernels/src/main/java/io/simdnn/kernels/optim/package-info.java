/**
 * Optimizer updates (SGD with classical, averaged or Nesterov momentum; Adam), each with L2 weight
 * decay folded into the gradient, and the sum of squares used for the L2 penalty.
 *
 * <p>Convention: flat vectors as segment and element offset, all of length n. The weights and
 * the optimizer state are updated in place; the gradient is only read. Weights must not overlap
 * the state (checked). Long vectors are split over the kernel threads in fixed pieces, every
 * element computed by the same operations, so results are bit-identical for every thread count
 * and equal to the scalar reference bit for bit.
 */
package io.simdnn.kernels.optim;
