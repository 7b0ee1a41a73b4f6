package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.GemmEpilogue;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.internal.checks.GemmChecks;

/**
 * The scalar twin of {@link io.simdnn.kernels.gemm.Gemm}: the definition of GEMM written as
 * straight loops, with a double accumulator. Same signature, same argument contract, same
 * edge rules; it exists to be read and to be tested against.
 */
public final class ReferenceGemm {
    private ReferenceGemm() {}

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, row-major: for each element of C, the K products
     * summed in a double in order of p, then {@code alpha * sum + beta * C} rounded once to float. The
     * contract is {@link io.simdnn.kernels.gemm.Gemm#sgemm(Transpose, Transpose, int, int, int, float,
     * MemorySegment, long, int, MemorySegment, long, int, float, MemorySegment, long, int)}'s. When
     * {@code beta == 0} C is only written, never read.
     *
     * @param transA  whether A is used as stored (M x K) or transposed (stored K x M)
     * @param transB  whether B is used as stored (K x N) or transposed (stored N x K)
     * @param m       M, rows of op(A) and C, at least 0
     * @param n       N, columns of op(B) and C, at least 0
     * @param k       K, columns of op(A) and rows of op(B), at least 0
     * @param alpha   scale of the product
     * @param a       A, read only
     * @param aOffset element index of A[0][0] in {@code a}
     * @param lda     floats between consecutive stored rows of A
     * @param b       B, read only
     * @param bOffset element index of B[0][0] in {@code b}
     * @param ldb     floats between consecutive stored rows of B
     * @param beta    scale of the old C; with 0, C is not read
     * @param c       C, M x N, overwritten with the result; must not overlap A or B
     * @param cOffset element index of C[0][0] in {@code c}
     * @param ldc     floats between consecutive rows of C, at least N
     * @throws IllegalArgumentException if a size, offset or leading dimension is inconsistent with
     *         the segments, or C overlaps A or B; nothing is written then
     */
    public static void sgemm(Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, MemorySegment a, long aOffset, int lda,
                             MemorySegment b, long bOffset, int ldb,
                             float beta, MemorySegment c, long cOffset, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, GemmEpilogue.NONE);
    }

    /**
     * {@code C = epilogue(alpha * op(A) * op(B) + beta * C)}: each element of {@link #sgemm(Transpose, Transpose,
     * int, int, int, float, MemorySegment, long, int, MemorySegment, long, int, float,
     * MemorySegment, long, int) the product}, rounded to float, then finished by
     * {@link GemmEpilogue#apply}. The contract is the optimized overload's.
     *
     * @param transA   whether A is used as stored (M x K) or transposed (stored K x M)
     * @param transB   whether B is used as stored (K x N) or transposed (stored N x K)
     * @param m        M, rows of op(A) and C, at least 0
     * @param n        N, columns of op(B) and C, at least 0
     * @param k        K, columns of op(A) and rows of op(B), at least 0
     * @param alpha    scale of the product
     * @param a        A, read only
     * @param aOffset  element index of A[0][0] in {@code a}
     * @param lda      floats between consecutive stored rows of A
     * @param b        B, read only
     * @param bOffset  element index of B[0][0] in {@code b}
     * @param ldb      floats between consecutive stored rows of B
     * @param beta     scale of the old C; with 0, C is not read
     * @param c        C, M x N, overwritten with the result; must not overlap A, B or the epilogue's operand
     * @param cOffset  element index of C[0][0] in {@code c}
     * @param ldc      floats between consecutive rows of C, at least N
     * @param epilogue what is applied to each element of C
     * @throws NullPointerException if {@code epilogue} is null
     * @throws IllegalArgumentException if an argument is inconsistent, as for the optimized
     *         overload; nothing is written then
     */
    public static void sgemm(Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, MemorySegment a, long aOffset, int lda,
                             MemorySegment b, long bOffset, int ldb,
                             float beta, MemorySegment c, long cOffset, int ldc, GemmEpilogue epilogue) {
        Objects.requireNonNull(transA, "transA");
        Objects.requireNonNull(transB, "transB");
        GemmChecks.validate(transA.isTransposed(), transB.isTransposed(), m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        GemmChecks.validateEpilogue(epilogue, m, n, c, cOffset, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                // alpha == 0: A and B are not read, as in BLAS (so NaN there cannot leak into C)
                for (int p = 0; alpha != 0 && p < k; p++) {
                    // op(A)[i][p] and op(B)[p][j], reading the stored matrices as BLAS does
                    long aIndex = transA.isTransposed() ? aOffset + (long) p * lda + i : aOffset + (long) i * lda + p;
                    long bIndex = transB.isTransposed() ? bOffset + (long) j * ldb + p : bOffset + (long) p * ldb + j;
                    sum += (double) Buffers.get(a, aIndex) * Buffers.get(b, bIndex);
                }
                long cIndex = cOffset + (long) i * ldc + j;
                double scaledC = beta == 0 ? 0 : (double) beta * Buffers.get(c, cIndex);
                Buffers.set(c, cIndex, epilogue.apply((float) (alpha * sum + scaledC), i, j));
            }
        }
    }

    /**
     * {@code float[]} convenience overload: wraps the arrays without copying and calls the segment
     * version, so its rules apply (C is written in {@code c}).
     *
     * @param transA  whether A is used as stored (M x K) or transposed (stored K x M)
     * @param transB  whether B is used as stored (K x N) or transposed (stored N x K)
     * @param m       M, rows of op(A) and C, at least 0
     * @param n       N, columns of op(B) and C, at least 0
     * @param k       K, columns of op(A) and rows of op(B), at least 0
     * @param alpha   scale of the product
     * @param a       A, read only
     * @param aOffset element index of A[0][0] in {@code a}
     * @param lda     floats between consecutive stored rows of A
     * @param b       B, read only
     * @param bOffset element index of B[0][0] in {@code b}
     * @param ldb     floats between consecutive stored rows of B
     * @param beta    scale of the old C; with 0, C is not read
     * @param c       C, M x N, overwritten with the result; must not overlap A or B
     * @param cOffset element index of C[0][0] in {@code c}
     * @param ldc     floats between consecutive rows of C, at least N
     * @throws IllegalArgumentException if a size, offset or leading dimension is inconsistent with
     *         the segments, or C overlaps A or B; nothing is written then
     */
    public static void sgemm(Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, Buffers.wrap(Objects.requireNonNull(a, "A")), aOffset, lda,
                Buffers.wrap(Objects.requireNonNull(b, "B")), bOffset, ldb, beta,
                Buffers.wrap(Objects.requireNonNull(c, "C")), cOffset, ldc);
    }
}
