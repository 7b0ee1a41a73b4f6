/**
 * Fused softmax cross-entropy (mean loss and its gradient in one pass over the logits), softmax,
 * and arg-max prediction.
 *
 * <p>Convention: logits are an {@code n x k} row-major matrix given as segment, offset and
 * leading dimension; labels and predictions are {@code int[]} with an offset. Every label is
 * checked to lie in {@code [0, k)} before anything is written. The gradient may overwrite the
 * logits (in place). Rows are split over the kernel threads in fixed blocks and the loss summed
 * block by block in order, so results are bit-identical for every thread count.
 */
package io.simdnn.kernels.loss;
