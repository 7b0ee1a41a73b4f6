package io.simdnn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceDropout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Dropout against its reference (the mask is integer arithmetic and the scaling one float
 * multiplication, so they agree bit for bit), the mask's statistics, and its reproducibility.
 */
class DropoutProperties {

    @Property(tries = 150)
    void forwardAndBackwardMatchTheReferenceExactly(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(max = 9) int offset,
                                                    @ForAll @IntRange(max = 95) int percent, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float rate = percent / 100f;
        long key = Dropout.maskKey(seed, random.nextInt(1000));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = TestBuffers.random(arena, n + offset, random, 2);
            MemorySegment y = TestBuffers.poisoned(arena, n + offset), yRef = TestBuffers.poisoned(arena, n + offset);
            Dropout.forward(n, rate, key, x, offset, y, offset);
            ReferenceDropout.forward(n, rate, key, x, offset, yRef, offset);
            TestBuffers.assertSameBits(yRef, y, "forward");
            MemorySegment dx = TestBuffers.poisoned(arena, n), dxRef = TestBuffers.poisoned(arena, n);
            Dropout.backward(n, rate, key, x, offset, dx, 0);
            ReferenceDropout.backward(n, rate, key, x, offset, dxRef, 0);
            TestBuffers.assertSameBits(dxRef, dx, "backward");
            for (int i = 0; i < n; i++) {
                float out = Buffers.get(y, offset + i);
                // each element is either dropped or scaled by exactly 1 / (1 - rate)
                assertTrue(out == 0f || out == Buffers.get(x, offset + i) * Dropout.scale(rate), "element " + i);
                assertEquals(out == 0f, Buffers.get(dx, i) == 0f, "forward and backward masks differ at " + i);
            }
        }
    }

    @Test
    void keepsTheExpectedFractionAndPreservesTheMean() {
        int n = 200_000;
        for (float rate : new float[] {0.1f, 0.25f, 0.5f, 0.9f}) {
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            float[] y = new float[n];
            Dropout.forward(n, rate, Dropout.maskKey(42, 7), Buffers.wrap(ones), 0, Buffers.wrap(y), 0);
            long kept = 0;
            double sum = 0;
            for (float value : y) {
                kept += value != 0 ? 1 : 0;
                sum += value;
            }
            // binomial: standard deviation sqrt(p (1 - p) / n) <= 0.0012; allow 5 of them
            assertEquals(1 - rate, kept / (double) n, 0.006, "kept fraction at rate " + rate);
            assertEquals(1, sum / n, 0.006 / (1 - rate), "mean at rate " + rate);
        }
    }

    @Test
    void masksDependOnlyOnKeyAndIndex() {
        int n = 1000;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        float[] a = new float[n], b = new float[n], c = new float[n], d = new float[n];
        Dropout.forward(n, 0.5f, Dropout.maskKey(1, 0), Buffers.wrap(ones), 0, Buffers.wrap(a), 0);
        Dropout.forward(n, 0.5f, Dropout.maskKey(1, 0), Buffers.wrap(ones), 0, Buffers.wrap(b), 0);
        Dropout.forward(n, 0.5f, Dropout.maskKey(1, 1), Buffers.wrap(ones), 0, Buffers.wrap(c), 0);
        Dropout.forward(n, 0.5f, Dropout.maskKey(2, 0), Buffers.wrap(ones), 0, Buffers.wrap(d), 0);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        int sameAsNextStep = 0, sameAsOtherSeed = 0;
        for (int i = 0; i < n; i++) {
            sameAsNextStep += a[i] == c[i] ? 1 : 0;
            sameAsOtherSeed += a[i] == d[i] ? 1 : 0;
        }
        // unrelated masks agree on about half the elements (standard deviation 16)
        assertTrue(Math.abs(sameAsNextStep - 500) < 80, "step masks agree on " + sameAsNextStep);
        assertTrue(Math.abs(sameAsOtherSeed - 500) < 80, "seed masks agree on " + sameAsOtherSeed);
        assertNotEquals(Dropout.maskKey(1, 0), Dropout.maskKey(0, 1));
    }

    @Test
    void rateZeroIsTheIdentityNaNStaysVisibleAndBadRatesAreRejected() {
        float[] x = {1.5f, -2f, 3f, Float.NaN};
        float[] y = new float[4];
        Dropout.forward(4, 0f, 9, Buffers.wrap(x), 0, Buffers.wrap(y), 0);
        assertEquals(java.util.Arrays.toString(x), java.util.Arrays.toString(y));
        float[] nan = new float[64];
        java.util.Arrays.fill(nan, Float.NaN);
        float[] out = new float[64];
        Dropout.forward(64, 0.5f, 3, Buffers.wrap(nan), 0, Buffers.wrap(out), 0);
        for (float value : out) {
            assertTrue(Float.isNaN(value));
        }
        for (float rate : new float[] {1f, -0.1f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Dropout.forward(4, rate, 9, Buffers.wrap(x), 0, Buffers.wrap(y), 0));
            assertTrue(e.getMessage().contains("dropout rate must be in [0, 1)"), e.getMessage());
        }
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> Dropout.backward(5, 0.5f, 9, Buffers.wrap(x), 0, Buffers.wrap(y), 0));
        assertTrue(tooShort.getMessage().contains("dy (5 floats at offset 0)"), tooShort.getMessage());
    }
}
