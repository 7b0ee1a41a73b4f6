package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import io.simdnn.kernels.Transpose;
import org.junit.jupiter.api.Test;

/** The probe's error bound: met by float products in any order, missed by a wrong element. */
class OpenBlasProbeTest {
    private static float[] random(int count, SplittableRandom random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    /** Float products summed in float, forward or backward, with or without FMA. */
    private static float[] floatProduct(GemmShape s, float[] a, float[] b, boolean backward, boolean fma) {
        float[] c = new float[s.m() * s.n()];
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                float sum = 0;
                for (int q = 0; q < s.k(); q++) {
                    int p = backward ? s.k() - 1 - q : q;
                    float x = a[s.transA().isTransposed() ? p * s.lda() + i : i * s.lda() + p];
                    float y = b[s.transB().isTransposed() ? j * s.ldb() + p : p * s.ldb() + j];
                    sum = fma ? Math.fma(x, y, sum) : sum + x * y;
                }
                c[i * s.n() + j] = sum;
            }
        }
        return c;
    }

    @Test
    void floatProductsInAnyOrderAreWithinTheBoundAndAWrongElementIsNot() {
        SplittableRandom random = new SplittableRandom(3);
        for (GemmShape size : OpenBlasProbe.CHECKED) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    GemmShape s = new GemmShape(size.m(), size.n(), size.k(), ta, tb);
                    float[] a = random(s.m() * s.k(), random);
                    float[] b = random(s.k() * s.n(), random);
                    for (boolean backward : new boolean[] {false, true}) {
                        for (boolean fma : new boolean[] {false, true}) {
                            float[] c = floatProduct(s, a, b, backward, fma);
                            double ratio = OpenBlasProbe.errorOverBound(s, a, b, c);
                            assertTrue(ratio <= 1, s + " ratio " + ratio);
                            c[c.length / 2] += 0.01f; // a term of typical size too many or too few
                            assertTrue(OpenBlasProbe.errorOverBound(s, a, b, c) > 1, s.toString());
                            c[c.length / 2] = Float.NaN;
                            assertEquals(Double.POSITIVE_INFINITY, OpenBlasProbe.errorOverBound(s, a, b, c));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theInstalledOpenBlasPassesTheCheck() {
        assumeTrue(OpenBlas.load().isPresent(), () -> "skipped: " + OpenBlas.ABSENT_MESSAGE);
        double ratio = OpenBlasProbe.errorOverBound(OpenBlas.load().orElseThrow());
        assertTrue(ratio <= 1, "error over bound " + ratio);
    }
}
