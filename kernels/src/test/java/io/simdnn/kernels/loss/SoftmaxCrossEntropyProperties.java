package io.simdnn.kernels.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceSoftmaxCrossEntropy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The fused softmax cross-entropy, softmax and predict against the double-precision reference. */
class SoftmaxCrossEntropyProperties {

    @Property(tries = 100)
    void softmaxMatchesReferenceAndSumsToOne(@ForAll @IntRange(min = 1, max = 20) int n, @ForAll @IntRange(min = 1, max = 70) int k,
                                             @ForAll @IntRange(max = 3) int padding, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int ld = k + padding;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = TestBuffers.random(arena, (long) n * ld, random, 10);
            MemorySegment p = TestBuffers.poisoned(arena, (long) n * ld), pRef = TestBuffers.poisoned(arena, (long) n * ld);
            SoftmaxCrossEntropy.softmax(n, k, logits, 0, ld, p, 0, ld);
            ReferenceSoftmaxCrossEntropy.softmax(n, k, logits, 0, ld, pRef, 0, ld);
            for (int r = 0; r < n; r++) {
                double rowSum = 0;
                for (int j = 0; j < k; j++) {
                    int at = r * ld + j;
                    // vector exp within a few ulps, normalized by a float sum of k terms
                    assertEquals(Buffers.get(pRef, at), Buffers.get(p, at), probabilityTolerance(Buffers.get(pRef, at), k), "probability " + at);
                    rowSum += Buffers.get(p, at);
                }
                assertEquals(1, rowSum, 2e-7 * k + 1e-6);
                for (int j = k; j < ld; j++) {
                    assertTrue(Float.isNaN(Buffers.get(p, r * ld + j)), "padding was written");
                }
            }
        }
    }

    /**
     * How far a probability may be from the reference's: the vector exponential is within 2 ulps,
     * and the row sum adds k terms in 16 lanes (k / 16 roundings each, then 4 to fold the lanes),
     * each rounding up to half an ulp of the sum: under (k / 16 + 8) ulps relative. This allows
     * 4e-7 k (about 7 k ulps), a wide margin for long rows, plus 1e-9 for probabilities near 0; a
     * row normalized by a wrong sum (a term missing or stale among 1000) is still off by more.
     */
    static double probabilityTolerance(double p, int k) {
        return 4e-7 * k * Math.abs(p) + 1e-9;
    }

    /**
     * The gradient is {@code (p - onehot) / n}: the probability's tolerance over n, plus one
     * rounding of the subtraction at the label (half an ulp of 1 / n, taken whole).
     */
    static double gradientTolerance(float reference, boolean label, int k, int n) {
        double p = (double) reference * n + (label ? 1 : 0);
        return (probabilityTolerance(p, k) + (label ? 1.2e-7 : 0)) / n;
    }

    /**
     * The mean loss, {@code log(sum) + max - x[label]} per row: the log turns the sum's relative
     * error (under (k / 16 + 8) ulps, see {@link #probabilityTolerance}) into an absolute one; the
     * float result adds half an ulp of the loss. 2e-7 k is several times the former.
     */
    static double lossTolerance(int k, double lossRef) {
        return 2e-7 * k + 1e-6 * Math.max(1, Math.abs(lossRef));
    }

    @Test
    void softmaxOfExtremeRowsAndInPlace() {
        float[] logits = {1e30f, -1e30f, 0f, 5f, 5f, 5f, Float.NaN, 0f, 1f};
        SoftmaxCrossEntropy.softmax(3, 3, Buffers.wrap(logits), 0, 3, Buffers.wrap(logits), 0, 3);
        assertEquals(1f, logits[0]);
        assertEquals(0f, logits[1]);
        assertEquals(1f / 3, logits[4], 1e-7f);
        assertTrue(Float.isNaN(logits[7]) && Float.isNaN(logits[8]), "a NaN logit makes its row NaN");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                SoftmaxCrossEntropy.softmax(2, 3, Buffers.wrap(new float[6]), 0, 3, Buffers.wrap(new float[5]), 0, 3));
        assertTrue(e.getMessage().contains("probabilities is 2 x 3"), e.getMessage());
    }

    @Property(tries = 150)
    void softmaxCrossEntropyMatchesReference(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 70) int k,
                                             @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = TestBuffers.random(arena, (long) n * k, random, 8);
            int[] labels = random.ints(n, 0, k).toArray();
            MemorySegment grad = TestBuffers.poisoned(arena, (long) n * k), gradRef = TestBuffers.poisoned(arena, (long) n * k);
            float loss = SoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, grad, 0, k);
            float lossRef = ReferenceSoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, gradRef, 0, k);
            assertEquals(lossRef, loss, lossTolerance(k, lossRef));
            float[] g = Buffers.toArray(grad);
            float[] gRef = Buffers.toArray(gradRef);
            for (int i = 0; i < g.length; i++) {
                assertEquals(gRef[i], g[i], gradientTolerance(gRef[i], i % k == labels[i / k], k, n), "gradient " + i);
            }
            // each row of the gradient sums to 0: softmax sums to 1, minus the one-hot 1
            for (int r = 0; r < n; r++) {
                double rowSum = 0;
                for (int j = 0; j < k; j++) {
                    rowSum += g[r * k + j];
                }
                assertEquals(0, rowSum, 1e-5 * k / n);
            }
        }
    }

    /**
     * The pipelined row sweeps on wide rows (up to 1100 classes: whole vectors plus every tail
     * length), in place and out of place, with padding between rows. Each try draws a new k on
     * the same thread, so a tail left over from an earlier k would show.
     */
    @Property(tries = 60)
    void wideRowsMatchReferenceInPlaceAndOut(@ForAll @IntRange(min = 1, max = 6) int n, @ForAll @IntRange(min = 1, max = 1100) int k,
                                             @ForAll @IntRange(max = 20) int padding, @ForAll boolean inPlace, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int ld = k + padding;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = TestBuffers.random(arena, (long) n * ld, random, 20);
            MemorySegment logitsCopy = Buffers.copyOf(arena, Buffers.toArray(logits));
            int[] labels = random.ints(n, 0, k).toArray();
            MemorySegment grad = inPlace ? logits : TestBuffers.poisoned(arena, (long) n * ld);
            MemorySegment gradRef = TestBuffers.poisoned(arena, (long) n * ld);
            float lossRef = ReferenceSoftmaxCrossEntropy.lossAndGradient(n, k, logitsCopy, 0, ld, labels, 0, gradRef, 0, ld);
            float loss = SoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, ld, labels, 0, grad, 0, ld);
            assertEquals(lossRef, loss, lossTolerance(k, lossRef));
            MemorySegment p = TestBuffers.poisoned(arena, (long) n * ld), pRef = TestBuffers.poisoned(arena, (long) n * ld);
            SoftmaxCrossEntropy.softmax(n, k, logitsCopy, 0, ld, p, 0, ld);
            ReferenceSoftmaxCrossEntropy.softmax(n, k, logitsCopy, 0, ld, pRef, 0, ld);
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < k; j++) {
                    int at = r * ld + j;
                    assertEquals(Buffers.get(gradRef, at), Buffers.get(grad, at), gradientTolerance(Buffers.get(gradRef, at), j == labels[r], k, n),
                            "gradient " + at);
                    assertEquals(Buffers.get(pRef, at), Buffers.get(p, at), probabilityTolerance(Buffers.get(pRef, at), k), "probability " + at);
                }
                for (int j = k; j < ld; j++) {
                    assertTrue(Float.isNaN(Buffers.get(p, r * ld + j)), "padding was written");
                }
            }
        }
    }

    @Test
    void aNarrowerCallAfterAWideOneIgnoresTheOldTail() {
        float[] wide = {3f, 1f, 4f, 1f, 5f, 9f, 2f, 6f, 5f, 3f, 5f, 8f, 9f, 7f, 9f, 3f, 2f, 3f, 8f, 4f, 6f, 2f, 6f};
        SoftmaxCrossEntropy.softmax(1, wide.length, Buffers.wrap(wide.clone()), 0, wide.length, Buffers.wrap(new float[wide.length]), 0, wide.length);
        float[] single = {-50f};
        float[] p = new float[1];
        SoftmaxCrossEntropy.softmax(1, 1, Buffers.wrap(single), 0, 1, Buffers.wrap(p), 0, 1);
        assertEquals(1f, p[0]);
        float[] pair = {0f, -1f};
        float loss = SoftmaxCrossEntropy.lossAndGradient(1, 2, Buffers.wrap(pair), 0, 2, new int[] {1}, 0, Buffers.wrap(new float[2]), 0, 2);
        assertEquals((float) (Math.log(1 + Math.exp(-1)) + 1), loss, 1e-6f);
    }

    @Test
    void softmaxIsExactForExtremeLogitsAndRejectsBadLabels() {
        float[] logits = {1e30f, -1e30f, 0f, 5f, 5f, 5f, -1e30f, -1e30f, 1e30f};
        float[] grad = new float[9];
        float loss = SoftmaxCrossEntropy.lossAndGradient(3, 3, Buffers.wrap(logits), 0, 3, new int[] {0, 1, 2}, 0,
                Buffers.wrap(grad), 0, 3);
        // row 0: certain and right (0); row 1: uniform (log 3); row 2: certain and right (0)
        assertEquals((float) (Math.log(3) / 3), loss, 1e-6f);
        assertEquals(0f, grad[0], 1e-7f);
        assertEquals((1f / 3 - 1) / 3, grad[4], 1e-7f);
        assertEquals(1f / 9, grad[3], 1e-7f);

        float[] untouched = grad.clone();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                SoftmaxCrossEntropy.lossAndGradient(3, 3, Buffers.wrap(logits), 0, 3, new int[] {0, 3, 1}, 0, Buffers.wrap(grad), 0, 3));
        assertTrue(error.getMessage().contains("label 3 of row 1"), error.getMessage());
        assertEquals(java.util.Arrays.toString(untouched), java.util.Arrays.toString(grad));

        float[] nanLogits = {1f, Float.NaN, 0f, Float.POSITIVE_INFINITY, 0f, 0f};
        assertTrue(Float.isNaN(SoftmaxCrossEntropy.lossAndGradient(1, 3, Buffers.wrap(nanLogits), 0, 3, new int[] {0}, 0,
                Buffers.wrap(new float[3]), 0, 3)));
        assertTrue(Float.isNaN(SoftmaxCrossEntropy.lossAndGradient(1, 3, Buffers.wrap(nanLogits), 3, 3, new int[] {1}, 0,
                Buffers.wrap(new float[3]), 0, 3)));
    }

    @Test
    void predictPicksTheFirstLargestLogit() {
        float[] logits = {0f, 3f, 3f, -1f, -2f, -0.5f};
        int[] predictions = new int[2];
        SoftmaxCrossEntropy.predict(2, 3, Buffers.wrap(logits), 0, 3, predictions, 0);
        assertEquals(1, predictions[0]);
        assertEquals(2, predictions[1]);
    }
}
