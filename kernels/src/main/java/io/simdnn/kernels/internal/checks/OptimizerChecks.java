package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;

/** The argument contract of the optimizer updates and their references. */
public final class OptimizerChecks {
    private OptimizerChecks() {}


    public static void validate(long n, float learningRate, float momentum, float l2,
                                MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                MemorySegment v, long vOffset) {
        Checks.finite("learning rate", learningRate);
        Checks.finite("momentum", momentum);
        Checks.finite("l2", l2);
        Checks.vector("weights", w, wOffset, n);
        Checks.vector("gradient", g, gOffset, n);
        Checks.vector("velocity", v, vOffset, n);
        Checks.noOverlap("weights", w, wOffset, wOffset + n, "velocity", v, vOffset, vOffset + n);
    }
}
