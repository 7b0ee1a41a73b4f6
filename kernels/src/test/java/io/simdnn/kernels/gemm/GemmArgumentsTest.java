package io.simdnn.kernels.gemm;

import static io.simdnn.kernels.Transpose.NO_TRANSPOSE;
import static io.simdnn.kernels.Transpose.TRANSPOSE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.reference.ReferenceGemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The argument contract of sgemm (Gemm and, where it is the same contract, ReferenceGemm):
 * invalid arguments are rejected up front with a message naming the operand, nothing is written;
 * and the edge rules for M, N, K == 0, alpha == 0 and beta == 0.
 */
class GemmArgumentsTest {
    // A is M x K = 4 x 3, B is K x N = 3 x 5, C is M x N = 4 x 5, all dense
    private static final int M = 4, N = 5, K = 3;

    /** Both implementations share the contract; edge-rule tests run against each. */
    enum Impl {
        GEMM, REFERENCE;

        void sgemm(Transpose ta, Transpose tb, int m, int n, int k, float alpha, MemorySegment a, long aOffset, int lda,
                   MemorySegment b, long bOffset, int ldb, float beta, MemorySegment c, long cOffset, int ldc) {
            if (this == GEMM) {
                Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            } else {
                ReferenceGemm.sgemm(ta, tb, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            }
        }

        void sgemm(Transpose ta, Transpose tb, int m, int n, int k, float alpha, float[] a, int lda,
                   float[] b, int ldb, float beta, float[] c, int ldc) {
            sgemm(ta, tb, m, n, k, alpha, Buffers.wrap(a), 0, lda, Buffers.wrap(b), 0, ldb, beta, Buffers.wrap(c), 0, ldc);
        }
    }

    private final float[] a = ramp(M * K, 1);
    private final float[] b = ramp(K * N, 100);
    private final float[] c = ramp(M * N, 1000);

    private static float[] ramp(int length, float start) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = start + i;
        }
        return values;
    }

    /** Expects {@code type} with a message containing every fragment, and C unchanged. */
    private <T extends Throwable> T assertRejected(Class<T> type, float[] cArray, Executable call, String... fragments) {
        float[] cBefore = cArray.clone();
        T thrown = assertThrows(type, call);
        String message = thrown.getMessage();
        assertNotNull(message, "exception without message: " + thrown);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "message '" + message + "' should mention '" + fragment + "'");
        }
        assertArrayEquals(cBefore, cArray, "C changed by a rejected call");
        return thrown;
    }

    private <T extends Throwable> T assertRejected(Class<T> type, Executable call, String... fragments) {
        return assertRejected(type, c, call, fragments);
    }

    // ---- sizes ----

    @Test
    void negativeSizes() {
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, -1, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N), "M must be >= 0", "-1");
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, -2, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N), "N must be >= 0", "-2");
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, -3, 1f, a, 0, K, b, 0, N, 0f, c, 0, N), "K must be >= 0", "-3");
    }

    // ---- leading dimensions: below the stored row width, per transpose ----

    @Test
    void ldaBelowRowWidth() {
        // stored M x K: lda >= K
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K - 1, b, 0, N, 0f, c, 0, N),
                "A (M x K)", "leading dimension", "got " + (K - 1));
        // stored transposed K x M: lda >= M (K would be too small here)
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, M - 1, b, 0, N, 0f, c, 0, N),
                "A (stored transposed, K x M)", "leading dimension", "got " + (M - 1));
        // K == 0: width 0, but the leading dimension must still be >= 1
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, 0, 1f, a, 0, 0, b, 0, N, 0f, c, 0, N),
                "A (M x K)", "leading dimension");
    }

    @Test
    void ldbBelowRowWidth() {
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, b, 0, N - 1, 0f, c, 0, N),
                "B (K x N)", "leading dimension", "got " + (N - 1));
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, TRANSPOSE, M, N, K, 1f, a, 0, K, b, 0, K - 1, 0f, c, 0, N),
                "B (stored transposed, N x K)", "leading dimension", "got " + (K - 1));
    }

    @Test
    void ldcBelowRowWidth() {
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                int lda = ta.isTransposed() ? M : K, ldb = tb.isTransposed() ? K : N;
                assertRejected(IllegalArgumentException.class,
                        () -> Gemm.sgemm(ta, tb, M, N, K, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, N - 1),
                        "C (M x N)", "leading dimension", "got " + (N - 1));
            }
        }
    }

    // ---- offsets and extents ----

    @Test
    void negativeOffsets() {
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, -1, K, b, 0, N, 0f, c, 0, N), "A (M x K) offset", "-1");
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, b, -1, N, 0f, c, 0, N), "B (K x N) offset", "-1");
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, b, 0, N, 0f, c, -1, N), "C (M x N) offset", "-1");
    }

    @Test
    void extentPastTheEnd() {
        // offset 1 on exactly-sized buffers: the last element is one past the end
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 1, K, b, 0, N, 0f, c, 0, N),
                "A (M x K", "needs " + (M * K + 1), "holds " + M * K);
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, b, 1, N, 0f, c, 0, N),
                "B (K x N", "needs " + (K * N + 1), "holds " + K * N);
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 1, N),
                "C (M x N", "needs " + (M * N + 1), "holds " + M * N);
        // a leading dimension larger than the buffer allows
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, b, 0, N, 0f, c, 0, N + 1), "C (M x N", "needs");
        // transposed A read as K x M with lda = M needs exactly M * K: one float short
        float[] shortA = Arrays.copyOf(a, M * K - 1);
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, shortA, 0, M, b, 0, N, 0f, c, 0, N),
                "A (stored transposed, K x M", "holds " + (M * K - 1));
        // offsets past the end are rejected even for empty matrices
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 0, N, K, 1f, a, a.length + 1, K, b, 0, N, 0f, c, 0, N), "A (M x K");
    }

    /*
     * Offsets so large that offset + extent overflows a long must still be rejected as past the
     * end (an IllegalArgumentException naming the operand), not pass validation and fail later
     * inside the kernel.
     */

    @Test
    void hugeOffsetOfAIsRejectedUpFront() {
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, Buffers.wrap(a), Long.MAX_VALUE - 2, K,
                        Buffers.wrap(b), 0, N, 0f, Buffers.wrap(c), 0, N), "A (M x K");
        // no overflow, just far past the end: rejected too
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, Buffers.wrap(a), Long.MAX_VALUE / 4 + 1, K,
                        Buffers.wrap(b), 0, N, 0f, Buffers.wrap(c), 0, N), "A (M x K");
    }

    @Test
    void hugeOffsetOfBIsRejectedUpFront() {
        assertRejected(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, TRANSPOSE, M, N, K, 1f, Buffers.wrap(a), 0, K,
                        Buffers.wrap(b), Long.MAX_VALUE - 2, K, 0f, Buffers.wrap(c), 0, N), "B (stored transposed");
    }

    /**
     * Worst case of the overflow: a product big enough to be split across threads, C at offset
     * Long.MAX_VALUE - 500. Unchecked, the task for the second column range would compute indices
     * that wrap to small non-negative ones and write into the buffer before the call fails.
     */
    @Test
    void hugeOffsetOfCIsRejectedBeforeAnythingIsWritten() {
        int m = 64, n = 2048, k = 64; // 2 m n k = 16.8 Mflop: parallel
        float[] bigA = ramp(m * k, 0), bigB = ramp(k * n, 0);
        float[] bigC = new float[4096];
        int saved = KernelThreads.parallelism();
        try {
            KernelThreads.setParallelism(2);
            assertRejected(IllegalArgumentException.class, bigC,
                    () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, m, n, k, 1f, Buffers.wrap(bigA), 0, k,
                            Buffers.wrap(bigB), 0, n, 0f, Buffers.wrap(bigC), Long.MAX_VALUE - 500, n), "C (M x N");
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    // ---- aliasing ----

    @Test
    void cOverlappingAInTheSameArray() {
        float[] shared = ramp(64, 1);
        float[] sharedBefore = shared.clone();
        // A = shared[0:12], C = shared[10:30]: two elements in common
        assertRejected(IllegalArgumentException.class, shared,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, shared, 0, K, b, 0, N, 0f, shared, 10, N),
                "overlap", "A");
        // the same array wrapped twice as segments, C exactly on top of B
        assertRejected(IllegalArgumentException.class, shared,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, Buffers.wrap(a), 0, K, Buffers.wrap(shared), 20, N,
                        0f, Buffers.wrap(shared), 20, N),
                "overlap", "B");
        assertArrayEquals(sharedBefore, shared);
    }

    @Test
    void cOverlappingSlicesOfOneOffHeapBuffer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = Buffers.allocate(arena, 64);
            for (int i = 0; i < 64; i++) {
                Buffers.set(buffer, i, i);
            }
            MemorySegment aSlice = buffer.asSlice(0, 12 * Buffers.FLOAT_BYTES);        // floats [0, 12)
            MemorySegment bSlice = buffer.asSlice(40 * Buffers.FLOAT_BYTES, 15 * Buffers.FLOAT_BYTES); // [40, 55)
            MemorySegment cSlice = buffer.asSlice(11 * Buffers.FLOAT_BYTES, 20 * Buffers.FLOAT_BYTES); // [11, 31)
            float[] before = Buffers.toArray(buffer);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, aSlice, 0, K, bSlice, 0, N, 0f, cSlice, 0, N));
            assertTrue(e.getMessage().contains("overlap") && e.getMessage().contains("A"), e.getMessage());
            MemorySegment cOverB = buffer.asSlice(30 * Buffers.FLOAT_BYTES, 20 * Buffers.FLOAT_BYTES); // [30, 50)
            e = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, aSlice, 0, K, bSlice, 0, N, 1f, cOverB, 0, N));
            assertTrue(e.getMessage().contains("overlap") && e.getMessage().contains("B"), e.getMessage());
            assertArrayEquals(before, Buffers.toArray(buffer), "buffer changed by rejected calls");
        }
    }

    // ---- nulls ----

    @Test
    void nullSegmentsAndTransposesAreNamed() {
        MemorySegment as = Buffers.wrap(a), bs = Buffers.wrap(b), cs = Buffers.wrap(c);
        assertRejected(NullPointerException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, null, 0, K, bs, 0, N, 0f, cs, 0, N), "A");
        assertRejected(NullPointerException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, as, 0, K, null, 0, N, 0f, cs, 0, N), "B");
        assertRejected(NullPointerException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, as, 0, K, bs, 0, N, 0f, null, 0, N), "C");
        assertRejected(NullPointerException.class,
                () -> Gemm.sgemm(null, NO_TRANSPOSE, M, N, K, 1f, as, 0, K, bs, 0, N, 0f, cs, 0, N), "transA");
        assertRejected(NullPointerException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, null, M, N, K, 1f, as, 0, K, bs, 0, N, 0f, cs, 0, N), "transB");
    }

    /** The float[] overloads must name the operand too, not an internal parameter name. */
    @Test
    void nullArraysAreNamed() {
        NullPointerException e = assertRejected(NullPointerException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, (float[]) null, 0, K, b, 0, N, 0f, c, 0, N));
        assertTrue(String.valueOf(e.getMessage()).startsWith("A"), "message should name A: " + e.getMessage());
        e = assertRejected(NullPointerException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, (float[]) null, 0, N, 0f, c, 0, N));
        assertTrue(String.valueOf(e.getMessage()).startsWith("B"), "message should name B: " + e.getMessage());
        e = assertThrows(NullPointerException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 1f, a, 0, K, b, 0, N, 0f, (float[]) null, 0, N));
        assertTrue(String.valueOf(e.getMessage()).startsWith("C"), "message should name C: " + e.getMessage());
    }

    // ---- edge rules ----

    @ParameterizedTest
    @EnumSource(Impl.class)
    void emptyOutputTouchesNothing(Impl impl) {
        float[] nanA = filled(M * K, Float.NaN), nanB = filled(K * N, Float.NaN);
        float[] before = c.clone();
        impl.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 0, N, K, 1f, nanA, K, nanB, N, 0f, c, N);
        impl.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, 0, K, 1f, nanA, K, nanB, 1, 0f, c, 1);
        impl.sgemm(TRANSPOSE, TRANSPOSE, 0, 0, 0, 1f, nanA, 1, nanB, 1, 0f, c, 1);
        assertArrayEquals(before, c);
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void zeroDepthScalesC(Impl impl) {
        float[] nanA = filled(M, Float.NaN), nanB = filled(N, Float.NaN);
        float[] expected = c.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] *= -2f;
        }
        impl.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, 0, 1f, nanA, 1, nanB, N, -2f, c, N);
        assertArrayEquals(expected, c, "K == 0: C = beta * C");
        float[] nanC = filled(M * N, Float.NaN);
        impl.sgemm(TRANSPOSE, NO_TRANSPOSE, M, N, 0, 1f, nanA, M, nanB, N, 0f, nanC, N);
        assertArrayEquals(new float[M * N], nanC, "K == 0, beta == 0: C = 0 without reading C");
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void alphaZeroDoesNotReadAOrB(Impl impl) {
        float[] nanA = filled(M * K, Float.NaN), nanB = filled(K * N, Float.POSITIVE_INFINITY);
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                int lda = ta.isTransposed() ? M : K, ldb = tb.isTransposed() ? K : N;
                float[] cc = c.clone();
                impl.sgemm(ta, tb, M, N, K, 0f, nanA, lda, nanB, ldb, 0.5f, cc, N);
                float[] expected = c.clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] *= 0.5f;
                }
                assertArrayEquals(expected, cc, "alpha == 0: C = beta * C, A and B not read");
                float[] nanC = filled(M * N, Float.NaN);
                impl.sgemm(ta, tb, M, N, K, 0f, nanA, lda, nanB, ldb, 0f, nanC, N);
                assertArrayEquals(new float[M * N], nanC, "alpha == 0, beta == 0: C = 0");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void betaZeroDoesNotReadC(Impl impl) {
        // small integers: every product and sum is exact, so the expected values are exact
        float[] exact = new float[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double sum = 0;
                for (int p = 0; p < K; p++) {
                    sum += a[i * K + p] * b[p * N + j];
                }
                exact[i * N + j] = (float) (2 * sum);
            }
        }
        float[] nanC = filled(M * N, Float.NaN);
        impl.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 2f, a, K, b, N, 0f, nanC, N);
        assertArrayEquals(exact, nanC);
        float[] infC = filled(M * N, Float.NEGATIVE_INFINITY);
        impl.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, M, N, K, 2f, a, K, b, N, -0f, infC, N);
        assertArrayEquals(exact, infC, "beta == -0 is zero too");
        assertEquals(M * N, exact.length);
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        Arrays.fill(values, value);
        return values;
    }
}
