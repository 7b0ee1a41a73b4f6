package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;

/** The argument contract of dropout and its reference. */
public final class DropoutChecks {
    private DropoutChecks() {}


    /** rate in [0, 1), n below 2^31, operands in their segments, the output exactly the input or disjoint from it. */
    public static void check(long n, float rate, String inName, MemorySegment in, long inOffset, String outName,
                             MemorySegment out, long outOffset) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dropout over " + n + " elements: at most 2^31 - 1 per call");
        }
        Checks.vector(inName, in, inOffset, n);
        Checks.vector(outName, out, outOffset, n);
        Checks.sameOrDisjoint(outName, out, outOffset, inName, in, inOffset, n);
    }
}
