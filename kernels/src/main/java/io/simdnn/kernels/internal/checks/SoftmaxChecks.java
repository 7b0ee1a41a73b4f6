package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;

/** The argument contract of the fused softmax cross-entropy and its reference. */
public final class SoftmaxChecks {
    private SoftmaxChecks() {}


    /** shapes, and every label in range before anything is written. */
    public static void validate(int n, int k, MemorySegment logits, long logitsOffset, int ldLogits,
                                int[] labels, int labelsOffset) {
        Checks.positive("classes k", k);
        Checks.matrix("logits", logits, logitsOffset, n, k, ldLogits);
        Checks.intRange("labels", labels, labelsOffset, n);
        for (int row = 0; row < n; row++) {
            int label = labels[labelsOffset + row];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("label " + label + " of row " + row + " is outside [0, " + k + ")");
            }
        }
    }
}
