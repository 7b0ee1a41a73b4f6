package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.checks.Checks;
import io.simdnn.kernels.internal.checks.SoftmaxChecks;

/** Scalar twin of {@code SoftmaxCrossEntropy.lossAndGradient} and {@code SoftmaxCrossEntropy.softmax}, in double precision. */
public final class ReferenceSoftmaxCrossEntropy {
    private ReferenceSoftmaxCrossEntropy() {}

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
            double loss = Math.log(sum) + max - row[label];
            total += finite ? loss : Double.NaN;
            for (int j = 0; j < k; j++) {
                double softmax = Math.exp(row[j] - max) / sum;
                Buffers.set(grad, gradOffset + (long) r * ldGrad + j, (float) ((softmax - (j == label ? 1 : 0)) / n));
            }
        }
        return n == 0 ? 0f : (float) (total / n);
    }

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
