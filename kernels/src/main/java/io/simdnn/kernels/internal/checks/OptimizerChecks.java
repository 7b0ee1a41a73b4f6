package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;

/**
 * The argument contract of the optimizer updates and their references. Every pair of vectors
 * must be disjoint: an update writes the weights and the state while it still reads the
 * gradient and the other state, so no in-place form is meaningful.
 */
public final class OptimizerChecks {
    private OptimizerChecks() {}

    /** The momentum rules: hyperparameters finite; w, g and the velocity v in their segments and pairwise disjoint. */
    public static void validate(long n, float learningRate, float momentum, float l2,
                                MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                MemorySegment v, long vOffset) {
        Checks.finite("learning rate", learningRate);
        Checks.finite("momentum", momentum);
        Checks.finite("l2", l2);
        Checks.vector("weights", w, wOffset, n);
        Checks.vector("gradient", g, gOffset, n);
        Checks.vector("velocity", v, vOffset, n);
        disjoint(n, "weights", w, wOffset, "gradient", g, gOffset);
        disjoint(n, "weights", w, wOffset, "velocity", v, vOffset);
        disjoint(n, "velocity", v, vOffset, "gradient", g, gOffset);
    }

    /** Adam: hyperparameters finite, t >= 1; w, g, m and v in their segments and pairwise disjoint. */
    public static void validateAdam(long n, float learningRate, float beta1, float beta2, float epsilon, float l2, long t,
                                    MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                    MemorySegment m, long mOffset, MemorySegment v, long vOffset) {
        Checks.finite("learning rate", learningRate);
        Checks.finite("beta1", beta1);
        Checks.finite("beta2", beta2);
        Checks.finite("epsilon", epsilon);
        Checks.finite("l2", l2);
        Checks.positive("Adam step t", t);
        Checks.vector("weights", w, wOffset, n);
        Checks.vector("gradient", g, gOffset, n);
        Checks.vector("first moment", m, mOffset, n);
        Checks.vector("second moment", v, vOffset, n);
        disjoint(n, "weights", w, wOffset, "gradient", g, gOffset);
        disjoint(n, "weights", w, wOffset, "first moment", m, mOffset);
        disjoint(n, "weights", w, wOffset, "second moment", v, vOffset);
        disjoint(n, "first moment", m, mOffset, "gradient", g, gOffset);
        disjoint(n, "second moment", v, vOffset, "gradient", g, gOffset);
        disjoint(n, "second moment", v, vOffset, "first moment", m, mOffset);
    }

    private static void disjoint(long n, String outName, MemorySegment out, long outOffset,
                                 String inName, MemorySegment in, long inOffset) {
        Checks.noOverlap(outName, out, outOffset, outOffset + n, inName, in, inOffset, inOffset + n);
    }
}
