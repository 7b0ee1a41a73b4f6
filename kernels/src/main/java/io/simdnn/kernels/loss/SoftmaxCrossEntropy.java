package io.simdnn.kernels.loss;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.checks.Checks;
import io.simdnn.kernels.internal.checks.SoftmaxChecks;
import io.simdnn.kernels.reference.ReferenceSoftmaxCrossEntropy;

/**
 * Softmax and cross-entropy fused, over a batch of {@code n} rows of {@code k} logits
 * (row-major, leading dimension ld) with integer class labels.
 *
 * <p>One pass per row: the row maximum m, then {@code s = sum_j exp(x_j - m)}, the row's loss
 * {@code log(s) + m - x_label} and the gradient {@code (exp(x_j - m) / s - [j == label]) / n}.
 * Subtracting the maximum makes every exponent {@code <= 0}, so nothing overflows and at least one
 * term is 1: the result is exact in the floating-point sense for any finite logits, including
 * 1e30, -1e30 and rows of equal values.
 *
 * <p>Labels outside {@code [0, k)} are an {@link IllegalArgumentException} raised before
 * anything is written. NaN or infinite logits are not an error: the returned loss is then NaN
 * (test it with {@link Float#isNaN}) and the gradient of that row is undefined, so a training
 * loop can stop with a clear message instead of corrupting its weights.
 *
 * <p>Batches of more than 128K logits are cut into blocks of rows that run on the kernel threads
 * ({@link io.simdnn.kernels.KernelThreads}); the loss is summed block by block in a fixed order, so results are the
 * same for any thread count.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /**
     * Returns the mean loss over the n rows and writes the gradient of that mean with respect to
     * the logits into {@code grad} (n x k, leading dimension ldGrad; it may be the logits buffer
     * itself, same offset and ld, to work in place). In place is the faster form when the batch
     * is larger than the caches: a separate gradient buffer makes each store fetch its untouched
     * line first (about 30% slower for 4096 x 1000 on one core). Any other overlap of grad with the
     * logits is rejected with an {@link IllegalArgumentException}.
     *
     * @param n            rows (samples), at least 0; with 0 the loss is 0 and nothing is written
     * @param k            classes per row, at least 1
     * @param logits       the logits, {@code n x k}, read only (unless grad is the same range)
     * @param logitsOffset element index of row 0's first logit
     * @param ldLogits     floats between consecutive rows, at least k
     * @param labels       the class of each row, in {@code [0, k)}
     * @param labelsOffset index in {@code labels} of row 0's label
     * @param grad         receives {@code dLoss/dLogits}, {@code n x k}, overwritten
     * @param gradOffset   element index of row 0's first gradient value
     * @param ldGrad       floats between consecutive gradient rows, at least k
     * @return the mean cross-entropy over the rows, NaN if a logit is NaN or infinite
     * @throws IllegalArgumentException if a shape, offset or leading dimension does not fit its
     *         buffer or a label is out of range; nothing is written then
     */
    public static float lossAndGradient(int n, int k, MemorySegment logits, long logitsOffset, int ldLogits,
                                        int[] labels, int labelsOffset,
                                        MemorySegment grad, long gradOffset, int ldGrad) {
        SoftmaxChecks.validate(n, k, logits, logitsOffset, ldLogits, labels, labelsOffset);
        Checks.matrix("gradient", grad, gradOffset, n, k, ldGrad);
        Checks.sameMatrixOrDisjoint("gradient", grad, gradOffset, ldGrad, "logits", logits, logitsOffset, ldLogits, n, k);
        if (!VectorSupport.isEnabled()) {
            return ReferenceSoftmaxCrossEntropy.lossAndGradient(n, k, logits, logitsOffset, ldLogits, labels, labelsOffset,
                    grad, gradOffset, ldGrad);
        }
        double total = SoftmaxSplit.rows(n, k, logits, logitsOffset, ldLogits, labels, labelsOffset, 1f / n,
                grad, gradOffset, ldGrad);
        return n == 0 ? 0f : (float) (total / n);
    }

    /**
     * Writes the softmax of each of the n rows of logits, {@code p_j = exp(x_j - m) / sum_i exp(x_i - m)}
     * with m the row maximum, into {@code probabilities} (n x k, leading dimension ldProbabilities;
     * it may be the logits buffer itself, same offset and ld). Every row of finite logits sums to 1
     * within k float roundings; a row holding a NaN or infinite logit becomes NaN throughout.
     * Writes probabilities only.
     *
     * @param n                   rows, at least 0
     * @param k                   classes per row, at least 1
     * @param logits              the logits, {@code n x k}, read only (unless probabilities is the same range)
     * @param logitsOffset        element index of row 0's first logit
     * @param ldLogits            floats between consecutive rows, at least k
     * @param probabilities       receives the probabilities, {@code n x k}, overwritten
     * @param probabilitiesOffset element index of row 0's first probability
     * @param ldProbabilities     floats between consecutive probability rows, at least k
     * @throws IllegalArgumentException if a shape, offset or leading dimension does not fit its buffer
     */
    public static void softmax(int n, int k, MemorySegment logits, long logitsOffset, int ldLogits,
                               MemorySegment probabilities, long probabilitiesOffset, int ldProbabilities) {
        Checks.positive("classes k", k);
        Checks.matrix("logits", logits, logitsOffset, n, k, ldLogits);
        Checks.matrix("probabilities", probabilities, probabilitiesOffset, n, k, ldProbabilities);
        Checks.sameMatrixOrDisjoint("probabilities", probabilities, probabilitiesOffset, ldProbabilities,
                "logits", logits, logitsOffset, ldLogits, n, k);
        if (!VectorSupport.isEnabled()) {
            ReferenceSoftmaxCrossEntropy.softmax(n, k, logits, logitsOffset, ldLogits, probabilities, probabilitiesOffset, ldProbabilities);
            return;
        }
        SoftmaxSplit.rows(n, k, logits, logitsOffset, ldLogits, null, 0, 1f, probabilities, probabilitiesOffset, ldProbabilities);
    }

    /**
     * Writes the predicted class (index of the largest logit, the first on ties) of each of the
     * n rows into {@code predictions[predictionsOffset ...]}. A NaN logit is never the largest
     * (unless it is first in its row). Writes {@code predictions[predictionsOffset, predictionsOffset + n)} only.
     *
     * @param n                 rows, at least 0
     * @param k                 classes per row, at least 1
     * @param logits            the logits, {@code n x k}, read only
     * @param logitsOffset      element index of row 0's first logit
     * @param ldLogits          floats between consecutive rows, at least k
     * @param predictions       receives one class index in {@code [0, k)} per row
     * @param predictionsOffset index in {@code predictions} of row 0's class
     * @throws IllegalArgumentException if a shape, offset or leading dimension does not fit its buffer
     */
    public static void predict(int n, int k, MemorySegment logits, long logitsOffset, int ldLogits,
                               int[] predictions, int predictionsOffset) {
        Checks.positive("classes k", k);
        Checks.matrix("logits", logits, logitsOffset, n, k, ldLogits);
        Checks.intRange("predictions", predictions, predictionsOffset, n);
        for (int row = 0; row < n; row++) {
            long start = logitsOffset + (long) row * ldLogits;
            int best = 0;
            float bestValue = Buffers.get(logits, start);
            for (int j = 1; j < k; j++) {
                float value = Buffers.get(logits, start + j);
                if (value > bestValue) {
                    best = j;
                    bestValue = value;
                }
            }
            predictions[predictionsOffset + row] = best;
        }
    }
}
