package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import io.simdnn.kernels.GemmEpilogue;

/** The argument contract of {@code sgemm}, shared by the optimized kernel and its reference. */
public final class GemmChecks {
    private GemmChecks() {}

    /**
     * Validates a row-major {@code C = alpha * op(A) * op(B) + beta * C} call: op(A) is M x K,
     * op(B) is K x N, C is M x N. Throws {@link IllegalArgumentException} naming the first
     * offending operand; nothing has been written when it throws. {@code transposedA} says A is
     * stored K x M, {@code transposedB} that B is stored N x K.
     */
    public static void validate(boolean transposedA, boolean transposedB, int m, int n, int k,
                                MemorySegment a, long aOffset, int lda,
                                MemorySegment b, long bOffset, int ldb,
                                MemorySegment c, long cOffset, int ldc) {
        Checks.nonNegative("M", m);
        Checks.nonNegative("N", n);
        Checks.nonNegative("K", k);
        int aRows = transposedA ? k : m;
        int aCols = transposedA ? m : k;
        int bRows = transposedB ? n : k;
        int bCols = transposedB ? k : n;
        // whole literals, not concatenations: validation runs on every call and must not allocate
        String aName = transposedA ? "A (stored transposed, K x M)" : "A (M x K)";
        String bName = transposedB ? "B (stored transposed, N x K)" : "B (K x N)";
        Checks.matrix(aName, a, aOffset, aRows, aCols, lda);
        Checks.matrix(bName, b, bOffset, bRows, bCols, ldb);
        Checks.matrix("C (M x N)", c, cOffset, m, n, ldc);
        long cEnd = Checks.extentEnd(cOffset, m, n, ldc);
        Checks.noOverlap("C", c, cOffset, cEnd, "A", a, aOffset, Checks.extentEnd(aOffset, aRows, aCols, lda));
        Checks.noOverlap("C", c, cOffset, cEnd, "B", b, bOffset, Checks.extentEnd(bOffset, bRows, bCols, ldb));
    }

    /**
     * Validates a GEMM epilogue against C (M x N at {@code cOffset}, leading dimension
     * {@code ldc}, already validated): its operand is N floats of bias, or an M x N matrix x with
     * its own leading dimension; either must not overlap C, which is written before the operand's
     * last element is read.
     */
    public static void validateEpilogue(GemmEpilogue epilogue, int m, int n, MemorySegment c, long cOffset, int ldc) {
        Objects.requireNonNull(epilogue, "epilogue");
        MemorySegment operand = epilogue.operand();
        if (operand == null) {
            return;
        }
        long offset = epilogue.offset();
        int ld = epilogue.ld();
        long cEnd = Checks.extentEnd(cOffset, m, n, ldc);
        if (epilogue.kind() == GemmEpilogue.Kind.RELU_GRADIENT) {
            Checks.matrix("epilogue x (M x N)", operand, offset, m, n, ld);
            Checks.noOverlap("C", c, cOffset, cEnd, "epilogue x", operand, offset, Checks.extentEnd(offset, m, n, ld));
        } else {
            Checks.vector("epilogue bias (N)", operand, offset, n);
            Checks.noOverlap("C", c, cOffset, cEnd, "epilogue bias", operand, offset, offset + n);
        }
    }
}
