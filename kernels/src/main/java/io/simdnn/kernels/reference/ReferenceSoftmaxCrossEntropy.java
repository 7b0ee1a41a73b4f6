package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.checks.Checks;
import io.simdnn.kernels.internal.checks.SoftmaxChecks;

/** Scalar twin of {@code SoftmaxCrossEntropy.lossAndGradient} and {@code SoftmaxCrossEntropy.softmax}, in double precision. */
public final class ReferenceSoftmaxCrossEntropy {
    private ReferenceSoftmaxCrossEntropy() {}

    /**
     * The mean cross-entropy of the softmax of each row against its label, and its gradient
     * {@code (softmax - onehot) / n}, in double. Writes grad only (may be the logits, in place).
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
        double total = 0;
        double[] row = new double[k];
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            boolean finite = true;
            for (int j = 0; j < k; j++) {
                row[j] = Buffers.get(logits, logitsOffset + (long) r * ldLogits + j);
                max = Math.max(max, row[j]);
                finite &= Double.isFinite(row[j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(row[j] - max);
            }
            int label = labels[labelsOffset + r];
            // max - x[label] first: with max near Float.MAX_VALUE, log(sum) + max would round log(sum) away
            double loss = Math.log(sum) + (max - row[label]);
            total += finite ? loss : Double.NaN;
            for (int j = 0; j < k; j++) {
                double softmax = Math.exp(row[j] - max) / sum;
                Buffers.set(grad, gradOffset + (long) r * ldGrad + j, (float) ((softmax - (j == label ? 1 : 0)) / n));
            }
        }
        return n == 0 ? 0f : (float) (total / n);
    }

    /**
     * The softmax of each row, in double. Writes probabilities only (may be the logits, in place).
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
        double[] row = new double[k];
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            boolean finite = true;
            for (int j = 0; j < k; j++) {
                row[j] = Buffers.get(logits, logitsOffset + (long) r * ldLogits + j);
                max = Math.max(max, row[j]);
                finite &= Double.isFinite(row[j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(row[j] - max);
            }
            for (int j = 0; j < k; j++) {
                double p = finite ? Math.exp(row[j] - max) / sum : Double.NaN;
                Buffers.set(probabilities, probabilitiesOffset + (long) r * ldProbabilities + j, (float) p);
            }
        }
    }
}
