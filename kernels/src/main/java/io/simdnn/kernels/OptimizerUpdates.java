package io.simdnn.kernels;

import io.simdnn.kernels.internal.Checks;
import io.simdnn.kernels.reference.ReferenceOptimizerUpdates;
import java.lang.foreign.MemorySegment;

/**
 * Fused optimizer steps over a parameter vector w, its gradient g and the optimizer's state, all
 * {@code n} floats long: one pass over memory instead of one per term. L2 regularization
 * {@code lambda * ||w||^2} enters as its gradient {@code 2 lambda w}.
 */
public final class OptimizerUpdates {
    private OptimizerUpdates() {}

    /**
     * Classical momentum: {@code g' = g + 2 l2 w; v = momentum v - lr g'; w = w + v}. With
     * {@code momentum == 0} this is plain SGD. Writes w and v; g is only read.
     */
    public static void sgdMomentum(long n, float learningRate, float momentum, float l2,
                                   MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                   MemorySegment v, long vOffset) {
        validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceOptimizerUpdates.sgdMomentum(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
            return;
        }
        ElementwiseKernels.sgdMomentum(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
    }

    /** Shared with the reference. */
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
