package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.checks.Checks;

/** Scalar twin of {@link io.simdnn.kernels.optim.Norms}, accumulating in double. */
public final class ReferenceNorms {
    private ReferenceNorms() {}

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
