package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Large products checked in O(n^2) instead of against an O(n^3) reference (Freivalds): for random
 * vectors t, C t must equal A (B t). Every block boundary (MC, KC, NC) and both thread ranges are
 * crossed at these sizes.
 */
class GemmLargeTest {
    @ParameterizedTest(name = "{0}x{1}x{2} {3}{4}")
    @CsvSource({"1500, 1700, 900, N, N", "1100, 700, 1300, T, T", "600, 1200, 700, N, T", "900, 500, 600, T, N"})
    void productMatchesMatrixVectorChecks(int m, int n, int k, char ta, char tb) {
        Transpose transA = ta == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        Transpose transB = tb == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        SplittableRandom random = new SplittableRandom(m * 31L + n);
        try (Arena arena = Arena.ofShared()) { // shared: the kernel threads may touch it
            int lda = transA.isTransposed() ? m : k;
            int ldb = transB.isTransposed() ? k : n;
            MemorySegment a = random(arena, (long) m * k, random);
            MemorySegment b = random(arena, (long) k * n, random);
            MemorySegment c = Buffers.allocate(arena, (long) m * n);
            Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);

            for (int trial = 0; trial < 2; trial++) {
                double[] t = new double[n];
                for (int j = 0; j < n; j++) {
                    t[j] = random.nextDouble() * 2 - 1;
                }
                double[] bt = new double[k];      // op(B) t
                double[] absBt = new double[k];   // |op(B)| |t|, for the error bound
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        double bValue = Buffers.get(b, transB.isTransposed() ? (long) j * ldb + p : (long) p * ldb + j);
                        bt[p] += bValue * t[j];
                        absBt[p] += Math.abs(bValue * t[j]);
                    }
                }
                double u = Math.ulp(1f) / 2;
                for (int i = 0; i < m; i++) {
                    double expected = 0;
                    double magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        double aValue = Buffers.get(a, transA.isTransposed() ? (long) p * lda + i : (long) i * lda + p);
                        expected += aValue * bt[p];
                        magnitude += Math.abs(aValue) * absBt[p];
                    }
                    double actual = 0;
                    for (int j = 0; j < n; j++) {
                        actual += Buffers.get(c, (long) i * n + j) * t[j];
                    }
                    // each C element carries at most ~K u sum|a||b|; summed against |t| that is K u magnitude
                    double bound = 2 * (k + 2) * u * magnitude;
                    assertTrue(Math.abs(actual - expected) <= bound,
                            "row " + i + ": (C t) = " + actual + " but A (B t) = " + expected + ", bound " + bound);
                }
            }
        }
    }

    private static MemorySegment random(Arena arena, long count, SplittableRandom random) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            Buffers.set(segment, i, (float) (random.nextDouble() * 2 - 1));
        }
        return segment;
    }
}
