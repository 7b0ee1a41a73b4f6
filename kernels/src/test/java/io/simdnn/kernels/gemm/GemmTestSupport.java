package io.simdnn.kernels.gemm;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import io.simdnn.kernels.Transpose;

/**
 * Helpers shared by the GEMM tests: random operands, op(X) element access on stored row-major
 * matrices, and the whole-buffer comparison against the reference with a per-element error bound.
 */
final class GemmTestSupport {
    /** Unit roundoff of float32 (half an ulp of 1). */
    static final double FLOAT_UNIT_ROUNDOFF = 0x1p-24;

    private GemmTestSupport() {}

    /** Uniform values in [-1, 1]; never all zeros (the first element is forced nonzero). */
    static float[] randomData(SplittableRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (2 * random.nextDouble() - 1);
        }
        if (length > 0 && values[0] == 0f) {
            values[0] = 0.5f;
        }
        return values;
    }

    /** One past the last element a stored {@code rows x cols} matrix at {@code offset} touches. */
    static int extent(int offset, int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? offset : offset + (rows - 1) * ld + cols;
    }

    /** op(A)[i][p] of a stored A. */
    static float opA(float[] a, int aOffset, int lda, Transpose t, int i, int p) {
        return t.isTransposed() ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
    }

    /** op(B)[p][j] of a stored B. */
    static float opB(float[] b, int bOffset, int ldb, Transpose t, int p, int j) {
        return t.isTransposed() ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
    }

    /**
     * Checks every element of {@code actual} (a whole C buffer): inside C[0:M, 0:N] it must be
     * within the bound of the reference result {@code expected}; everywhere else (padding between
     * rows, before the offset, after the end) it must be bit-identical to {@code before}.
     *
     * <p>Bound: the kernel sums K products with fused multiply-adds in float (one rounding per
     * step, in KC-sized blocks that are then added to C), then scales by alpha and adds beta*C
     * (a few more roundings); the reference rounds its double result once. The classic
     * error analysis gives |c - exact| <= gamma_K * (|alpha| sum_p |a_ip||b_pj| + |beta||c_ij|)
     * with gamma_K ~ K u, u = 2^-24. It allows 4 * (K + 1) * u times that magnitude: the factor 4
     * leaves room for the scaling/accumulation roundings and for the reference's own rounding,
     * the +1 keeps the bound nonzero for K = 0 and 1, and a tiny absolute term covers results
     * that are exactly 0. Being a bound on the worst case, it never fails for a correct kernel,
     * while any missing, doubled or misplaced product is off by about |a||b| ~ 0.1..1, i.e. far
     * more than the bound for these sizes (K <= 300 gives at most ~7e-5 relative).
     */
    static void assertMatchesReference(String description, Transpose transA, Transpose transB,
                                       int m, int n, int k, float alpha,
                                       float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                       float beta, float[] before, float[] expected, float[] actual,
                                       int cOffset, int ldc) {
        if (actual.length != before.length || expected.length != before.length) {
            fail(description + ": C buffer length changed");
        }
        boolean[] inside = new boolean[before.length];
        double gamma = 4.0 * (k + 1) * FLOAT_UNIT_ROUNDOFF;
        double[] magnitude = new double[n];
        for (int i = 0; i < m; i++) {
            Arrays.fill(magnitude, 0);
            // sum_p |a_ip| |b_pj| for the whole row, in the p-outer order (cheap for any transpose)
            if (alpha != 0f) {
                for (int p = 0; p < k; p++) {
                    double ap = Math.abs(opA(a, aOffset, lda, transA, i, p));
                    if (ap == 0) {
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        magnitude[j] += ap * Math.abs(opB(b, bOffset, ldb, transB, p, j));
                    }
                }
            }
            for (int j = 0; j < n; j++) {
                int index = cOffset + i * ldc + j;
                inside[index] = true;
                double cTerm = beta == 0f ? 0 : Math.abs((double) beta * before[index]);
                double bound = gamma * (Math.abs((double) alpha) * magnitude[j] + cTerm) + 0x1p-120;
                double ref = expected[index];
                double got = actual[index];
                if (!(Math.abs(got - ref) <= bound)) {
                    fail(String.format("%s: C[%d][%d] (element %d) = %s, reference %s, |diff| %.3g > bound %.3g",
                            description, i, j, index, got, ref, Math.abs(got - ref), bound));
                }
            }
        }
        for (int index = 0; index < before.length; index++) {
            if (!inside[index] && Float.floatToRawIntBits(actual[index]) != Float.floatToRawIntBits(before[index])) {
                fail(String.format("%s: element %d outside C[0:M, 0:N] was written: %s -> %s",
                        description, index, before[index], actual[index]));
            }
        }
    }

    /** Fails unless the two arrays are bit-identical (used to show inputs were only read). */
    static void assertBitIdentical(String description, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            fail(description + ": length " + actual.length + " != " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(String.format("%s: element %d differs: %s vs %s", description, i, actual[i], expected[i]));
            }
        }
    }
}
