package io.simdnn.kernels.gemm;

import static io.simdnn.kernels.gemm.GemmTestSupport.FLOAT_UNIT_ROUNDOFF;
import static io.simdnn.kernels.gemm.GemmTestSupport.opA;
import static io.simdnn.kernels.gemm.GemmTestSupport.opB;
import static io.simdnn.kernels.gemm.GemmTestSupport.randomData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import io.simdnn.kernels.Transpose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A large GEMM (1500 x 1700 x 900: several MC, KC and NR blocks, all threads) checked in O(n^2):
 * Freivalds' test compares C·t with alpha·A·(B·t) + beta·C0·t for random vectors t, in double.
 * The rigorous bound makes Freivalds catch gross errors (a wrong or skipped tile, a lost K block)
 * but not one slightly wrong element, so whole edge rows/columns and 3000 random elements are also
 * checked against exact dot products (per-element bound ~0.05 here).
 */
class GemmLargeTest {
    private static final int M = 1500, N = 1700, K = 900;

    @ParameterizedTest(name = "{0}{1} alpha={2} beta={3}")
    @CsvSource({"N, N, 1.0, 0.0", "T, T, -0.75, 0.5"})
    void freivaldsCheck(char ta, char tb, float alpha, float beta) {
        Transpose transA = ta == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        Transpose transB = tb == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        SplittableRandom random = new SplittableRandom(1500L + ta + tb);
        // stored shapes with a little padding and an offset, as users have sub-matrices
        int lda = (transA.isTransposed() ? M : K) + 3, ldb = (transB.isTransposed() ? K : N) + 1, ldc = N + 2;
        int offset = 5;
        float[] a = randomData(random, offset + (transA.isTransposed() ? K : M) * lda);
        float[] b = randomData(random, offset + (transB.isTransposed() ? N : K) * ldb);
        float[] c0 = randomData(random, offset + M * ldc);
        if (beta == 0f) {
            Arrays.fill(c0, Float.NaN);
        }
        float[] c = c0.clone();
        Gemm.sgemm(transA, transB, M, N, K, alpha, a, offset, lda, b, offset, ldb, beta, c, offset, ldc);

        Problem problem = new Problem(transA, transB, alpha, a, offset, lda, b, offset, ldb, beta, c0, offset, ldc);
        for (int round = 0; round < 3; round++) {
            double[] t = new double[N];
            for (int j = 0; j < N; j++) {
                t[j] = 2 * random.nextDouble() - 1;
            }
            assertNull(problem.freivaldsFailure(c, t), () -> problem.freivaldsFailure(c, t));
        }
        // the edges of C (last tile row and column, partial tiles) and random interior elements, exactly
        for (int j = 0; j < N; j++) {
            problem.assertElement(c, 0, j);
            problem.assertElement(c, M - 1, j);
        }
        for (int i = 0; i < M; i++) {
            problem.assertElement(c, i, 0);
            problem.assertElement(c, i, N - 1);
        }
        for (int s = 0; s < 3000; s++) {
            problem.assertElement(c, random.nextInt(M), random.nextInt(N));
        }
        // padding between rows untouched
        for (int i = 0; i < M; i++) {
            for (int j = N; j < ldc && offset + i * ldc + j < c.length; j++) {
                int index = offset + i * ldc + j;
                assertEquals(Float.floatToRawIntBits(c0[index]), Float.floatToRawIntBits(c[index]), "padding " + index);
            }
        }

        // the checks have teeth: a zeroed MR x NR tile (a skipped micro-kernel call) fails Freivalds,
        // and one element off by 1.0 (a dropped product is ~0.25) fails the exact element check
        float[] corrupted = c.clone();
        for (int i = 600; i < 606; i++) {
            Arrays.fill(corrupted, offset + i * ldc + 640, offset + i * ldc + 672, 0f);
        }
        double[] t = new double[N];
        for (int j = 0; j < N; j++) {
            t[j] = 2 * random.nextDouble() - 1;
        }
        assertNotNull(problem.freivaldsFailure(corrupted, t), "Freivalds check must detect a zeroed tile");
        corrupted = c.clone();
        corrupted[offset + 777 * ldc + 1001] += 1f;
        assertFalse(problem.elementOk(corrupted, 777, 1001), "element check must detect an error of 1.0");
    }

    private record Problem(Transpose transA, Transpose transB, float alpha, float[] a, int aOffset, int lda,
                           float[] b, int bOffset, int ldb, float beta, float[] c0, int cOffset, int ldc) {

        /** error bound factor for a K-term float dot product plus the alpha/beta update; see GemmTestSupport */
        static final double GAMMA = 4.0 * (K + 1) * FLOAT_UNIT_ROUNDOFF;

        /**
         * null if |C·t - (alpha·A·(B·t) + beta·C0·t)|_i <= GAMMA · (|alpha|·|A|·(|B|·|t|) + |beta|·|C0|·|t|)_i
         * for every row i (the per-element bound summed with weights |t_j|), else a message.
         */
        String freivaldsFailure(float[] c, double[] t) {
            double[] bt = new double[K], absBt = new double[K];
            for (int p = 0; p < K; p++) {
                double sum = 0, abs = 0;
                for (int j = 0; j < N; j++) {
                    double bpj = opB(b, bOffset, ldb, transB, p, j);
                    sum += bpj * t[j];
                    abs += Math.abs(bpj * t[j]);
                }
                bt[p] = sum;
                absBt[p] = abs;
            }
            for (int i = 0; i < M; i++) {
                double abt = 0, absAbt = 0;
                for (int p = 0; p < K; p++) {
                    double aip = opA(a, aOffset, lda, transA, i, p);
                    abt += aip * bt[p];
                    absAbt += Math.abs(aip) * absBt[p];
                }
                double ct = 0, c0t = 0, absC0t = 0;
                for (int j = 0; j < N; j++) {
                    int index = cOffset + i * ldc + j;
                    ct += c[index] * t[j];
                    if (beta != 0f) {
                        c0t += c0[index] * t[j];
                        absC0t += Math.abs(c0[index] * t[j]);
                    }
                }
                double expected = alpha * abt + beta * c0t;
                double bound = GAMMA * (Math.abs(alpha) * absAbt + Math.abs(beta) * absC0t) + 1e-9;
                if (!(Math.abs(ct - expected) <= bound)) {
                    return "row " + i + ": (C t)_i = " + ct + ", expected " + expected + ", bound " + bound;
                }
            }
            return null;
        }

        boolean elementOk(float[] c, int i, int j) {
            double sum = 0, abs = 0;
            for (int p = 0; p < K; p++) {
                double product = (double) opA(a, aOffset, lda, transA, i, p) * opB(b, bOffset, ldb, transB, p, j);
                sum += product;
                abs += Math.abs(product);
            }
            int index = cOffset + i * ldc + j;
            double cTerm = beta == 0f ? 0 : (double) beta * c0[index];
            double expected = alpha * sum + cTerm;
            double bound = GAMMA * (Math.abs(alpha) * abs + Math.abs(cTerm)) + 1e-30;
            return Math.abs(c[index] - expected) <= bound;
        }

        void assertElement(float[] c, int i, int j) {
            assertTrue(elementOk(c, i, j), () -> "C[" + i + "][" + j + "] = " + c[cOffset + i * ldc + j] + " is wrong");
        }
    }
}
