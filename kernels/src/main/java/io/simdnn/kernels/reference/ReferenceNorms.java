package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.checks.Checks;

/** Scalar twin of {@link io.simdnn.kernels.optim.Norms}, accumulating in double. */
public final class ReferenceNorms {
    private ReferenceNorms() {}

    /**
     * {@code sum_i x[i]^2} over n floats, accumulated in double. Reads x only.
     *
     * @param n      floats to sum, at least 0
     * @param x      the vector, read only
     * @param offset element index of x's first float
     * @return the sum of squares, 0 for {@code n == 0}
     * @throws IllegalArgumentException if the vector does not fit its segment
     */
    public static double sumOfSquares(long n, MemorySegment x, long offset) {
        Checks.vector("x", x, offset, n);
        double sum = 0;
        for (long i = 0; i < n; i++) {
            double value = Buffers.get(x, offset + i);
            sum += value * value;
        }
        return sum;
    }
}
