package io.simdnn.kernels.optim;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.ElementwiseKernels;
import io.simdnn.kernels.internal.checks.Checks;
import io.simdnn.kernels.reference.ReferenceNorms;

/** Reductions used for regularization and monitoring. */
public final class Norms {
    private Norms() {}

    /**
     * {@code sum_i x[i]^2} over n floats, accumulated per lane in float and combined in double;
     * relative error about {@code (n / lanes) * 2^-24}. Reads x only.
     *
     * @param n      floats to sum, at least 0
     * @param x      the vector, read only
     * @param offset element index of x's first float
     * @return the sum of squares, 0 for {@code n == 0}
     * @throws IllegalArgumentException if the vector does not fit its segment
     */
    public static double sumOfSquares(long n, MemorySegment x, long offset) {
        Checks.vector("x", x, offset, n);
        if (!VectorSupport.isEnabled()) {
            return ReferenceNorms.sumOfSquares(n, x, offset);
        }
        return ElementwiseKernels.sumOfSquares(n, x, offset);
    }
}
