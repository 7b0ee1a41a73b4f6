package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;

/**
 * The argument contract of the element-wise activations and their references: every vector in
 * its segment and 4-byte aligned, the output exactly an input (in place) or disjoint from it.
 */
public final class ActivationChecks {
    private ActivationChecks() {}

    /** A forward pass {@code out = f(in)}. */
    public static void forward(long n, String inName, MemorySegment in, long inOffset,
                               String outName, MemorySegment out, long outOffset) {
        Checks.vector(inName, in, inOffset, n);
        Checks.vector(outName, out, outOffset, n);
        Checks.sameOrDisjoint(outName, out, outOffset, inName, in, inOffset, n);
    }

    /** A backward pass {@code dx = dy * f'(saved)}, saved being the forward input or output. */
    public static void backward(long n, String savedName, MemorySegment saved, long savedOffset,
                                MemorySegment dy, long dyOffset, MemorySegment dx, long dxOffset) {
        Checks.vector(savedName, saved, savedOffset, n);
        Checks.vector("dy", dy, dyOffset, n);
        Checks.vector("dx", dx, dxOffset, n);
        Checks.sameOrDisjoint("dx", dx, dxOffset, savedName, saved, savedOffset, n);
        Checks.sameOrDisjoint("dx", dx, dxOffset, "dy", dy, dyOffset, n);
    }
}
