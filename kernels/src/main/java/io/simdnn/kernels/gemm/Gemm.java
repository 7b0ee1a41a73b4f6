package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.GemmEpilogue;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.checks.GemmChecks;
import io.simdnn.kernels.reference.ReferenceGemm;

/**
 * Single-precision general matrix multiply, row-major:
 * <pre>C = alpha * op(A) * op(B) + beta * C</pre>
 * with op(A) of shape M x K, op(B) of shape K x N and C of shape M x N. Each matrix is given as
 * a segment of floats, the element offset of its first element, and its leading dimension (the
 * distance in elements between consecutive stored rows), so any sub-matrix of any buffer can be
 * used in place, as in BLAS.
 *
 * <ul>
 *   <li>Stored shapes: A is M x K ({@code lda >= K}) or, transposed, K x M ({@code lda >= M});
 *       B is K x N ({@code ldb >= N}) or, transposed, N x K ({@code ldb >= K}); C is M x N
 *       ({@code ldc >= N}). Leading dimensions are at least 1.</li>
 *   <li>Written: only C[0:M, 0:N] (through {@code ldc}); A and B are only read.</li>
 *   <li>Edges: M, N or K may be 0. With {@code K == 0} or {@code alpha == 0}, A and B are not
 *       read and C becomes {@code beta * C}. With {@code beta == 0}, C is never read (it may hold
 *       NaN).</li>
 *   <li>Errors: any inconsistent size, offset, leading dimension, or a C that overlaps A or B is an
 *       {@link IllegalArgumentException} naming the operand, thrown before anything is written.</li>
 *   <li>Threads: uses {@link io.simdnn.kernels.KernelThreads}; results are bit-identical for every thread count.
 *       Segments of a confined arena can only be touched by their owner thread, so a call with
 *       one runs on the calling thread alone; use a shared, global or automatic arena (or heap
 *       arrays) for multi-threaded GEMM.</li>
 *   <li>Accuracy: fused multiply-adds in float, K summed in blocks; the error bound is the usual
 *       {@code K * eps * sum|a||b|}. {@link ReferenceGemm} is the scalar definition.</li>
 * </ul>
 */
public final class Gemm {
    private Gemm() {}

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} on segments; see the class comment for the
     * stored shapes and edge rules.
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
     * {@code C = epilogue(alpha * op(A) * op(B) + beta * C)}: the product, then the
     * {@link GemmEpilogue} on every element of C, each part of C by the thread that computed it.
     * The same bits as the product followed by the epilogue's separate kernel; see the class
     * comment for the stored shapes and edge rules (with {@code K == 0} or {@code alpha == 0} the
     * epilogue applies to {@code beta * C}).
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
     * @param epilogue what is applied to each element of C; {@link GemmEpilogue#NONE} for the product alone
     * @throws NullPointerException if {@code epilogue} is null
     * @throws IllegalArgumentException if a size, offset or leading dimension is inconsistent with
     *         the segments, the epilogue's operand does not fit its segment (N floats of bias, or
     *         an M x N x), or C overlaps A, B or that operand; nothing is written then
     */
    public static void sgemm(Transpose transA, Transpose transB, int m, int n, int k,
                             float alpha, MemorySegment a, long aOffset, int lda,
                             MemorySegment b, long bOffset, int ldb,
                             float beta, MemorySegment c, long cOffset, int ldc, GemmEpilogue epilogue) {
        if (!VectorSupport.isEnabled()) {
            ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, epilogue);
            return;
        }
        Objects.requireNonNull(transA, "transA");
        Objects.requireNonNull(transB, "transB");
        GemmChecks.validate(transA.isTransposed(), transB.isTransposed(), m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        GemmChecks.validateEpilogue(epilogue, m, n, c, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOffset, ldc);
            GemmEpilogueKernel.apply(epilogue, c, cOffset, ldc, 0, m, 0, n);
            return;
        }
        GemmDriver.multiply(transA.isTransposed(), transB.isTransposed(), m, n, k, alpha,
                a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, epilogue);
    }

    /**
     * {@code float[]} convenience overload: wraps the arrays without copying and calls the
     * segment version, so its rules apply (C is written in {@code c}).
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
     * @throws NullPointerException if an array is null
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

    /** {@code C = beta * C}, writing zeros without reading C when {@code beta == 0}. */
    private static void scale(int m, int n, float beta, MemorySegment c, long cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            long row = cOffset + (long) i * ldc;
            for (int j = 0; j < n; j++) {
                float value = beta == 0f ? 0f : beta * Buffers.get(c, row + j);
                Buffers.set(c, row + j, value);
            }
        }
    }
}
