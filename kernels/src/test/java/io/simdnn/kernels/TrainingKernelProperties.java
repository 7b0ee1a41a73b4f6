package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.kernels.reference.ReferenceActivations;
import io.simdnn.kernels.reference.ReferenceBias;
import io.simdnn.kernels.reference.ReferenceOptimizerUpdates;
import io.simdnn.kernels.reference.ReferenceSoftmaxCrossEntropy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The training kernels (ReLU, bias, softmax-cross-entropy, momentum SGD) against their scalar
 * references on random sizes, including 1, sizes below and around the vector length, and
 * offsets. Outputs start as NaN so an unwritten element fails.
 */
class TrainingKernelProperties {
    private static MemorySegment random(Arena arena, long count, SplittableRandom random, double scale) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            Buffers.set(segment, i, (float) ((random.nextDouble() * 2 - 1) * scale));
        }
        return segment;
    }

    private static MemorySegment poisoned(Arena arena, long count) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            Buffers.set(segment, i, Float.NaN);
        }
        return segment;
    }

    private static void assertSameBits(MemorySegment expected, MemorySegment actual, String what) {
        float[] e = Buffers.toArray(expected);
        float[] a = Buffers.toArray(actual);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]), what + " differs at " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    @Property(tries = 150)
    void reluMatchesReferenceExactly(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(max = 9) int offset,
                                     @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = random(arena, n + offset, random, 3);
            MemorySegment dy = random(arena, n + offset, random, 1);
            MemorySegment y = poisoned(arena, n + offset), yRef = poisoned(arena, n + offset);
            MemorySegment dx = poisoned(arena, n + offset), dxRef = poisoned(arena, n + offset);
            Activations.reluForward(n, x, offset, y, offset);
            ReferenceActivations.reluForward(n, x, offset, yRef, offset);
            Activations.reluBackward(n, x, offset, dy, offset, dx, offset);
            ReferenceActivations.reluBackward(n, x, offset, dy, offset, dxRef, offset);
            // element-wise selections: no rounding at all, so equality is exact
            assertSameBits(yRef, y, "relu forward");
            assertSameBits(dxRef, dx, "relu backward");
            for (int i = offset; i < n + offset; i++) {
                assertTrue(Buffers.get(y, i) >= 0);
            }
        }
    }

    @Property(tries = 150)
    void biasAndColumnSumsMatchReference(@ForAll @IntRange(min = 1, max = 70) int rows, @ForAll @IntRange(min = 1, max = 70) int cols,
                                         @ForAll @IntRange(max = 4) int padding, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int ld = cols + padding;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bias = random(arena, cols + 1, random, 1);
            MemorySegment y = random(arena, (long) rows * ld, random, 1);
            MemorySegment yRef = Buffers.copyOf(arena, Buffers.toArray(y));
            Bias.addToRows(rows, cols, bias, 1, y, 0, ld);
            ReferenceBias.addToRows(rows, cols, bias, 1, yRef, 0, ld);
            assertSameBits(yRef, y, "bias add"); // one float addition per element: exact agreement

            MemorySegment sums = poisoned(arena, cols), sumsRef = poisoned(arena, cols);
            Bias.columnSums(rows, cols, y, 0, ld, sums, 0);
            ReferenceBias.columnSums(rows, cols, y, 0, ld, sumsRef, 0);
            assertSameBits(sumsRef, sums, "column sums"); // same order of float additions
        }
    }

    @Property(tries = 150)
    void softmaxCrossEntropyMatchesReference(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 70) int k,
                                             @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = random(arena, (long) n * k, random, 8);
            int[] labels = random.ints(n, 0, k).toArray();
            MemorySegment grad = poisoned(arena, (long) n * k), gradRef = poisoned(arena, (long) n * k);
            float loss = SoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, grad, 0, k);
            float lossRef = ReferenceSoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, gradRef, 0, k);
            // float exp and sums of k terms against double: relative error of a few k ulps
            assertEquals(lossRef, loss, 1e-6 * k * Math.max(1, Math.abs(lossRef)));
            float[] g = Buffers.toArray(grad);
            float[] gRef = Buffers.toArray(gradRef);
            for (int i = 0; i < g.length; i++) {
                assertEquals(gRef[i], g[i], 4e-6f * k / n, "gradient " + i);
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

    @Property(tries = 150)
    void momentumStepMatchesReferenceExactly(@ForAll @IntRange(min = 1, max = 500) int n, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float lr = (float) random.nextDouble(0.001, 0.5);
        float momentum = (float) random.nextDouble(0, 0.99);
        float l2 = random.nextBoolean() ? 0f : (float) random.nextDouble(0, 0.01);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = random(arena, n, random, 1), g = random(arena, n, random, 1), v = random(arena, n, random, 0.1);
            MemorySegment wRef = Buffers.copyOf(arena, Buffers.toArray(w)), vRef = Buffers.copyOf(arena, Buffers.toArray(v));
            OptimizerUpdates.sgdMomentum(n, lr, momentum, l2, w, 0, g, 0, v, 0);
            ReferenceOptimizerUpdates.sgdMomentum(n, lr, momentum, l2, wRef, 0, g, 0, vRef, 0);
            // the same float operations in the same order: bit-identical
            assertSameBits(wRef, w, "weights");
            assertSameBits(vRef, v, "velocity");
        }
    }

    @Property(tries = 100)
    void sumOfSquaresMatchesReference(@ForAll @IntRange(min = 1, max = 5000) int n, @ForAll @LongRange long seed) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = random(arena, n, new SplittableRandom(seed), 2);
            double expected = io.simdnn.kernels.reference.ReferenceNorms.sumOfSquares(n, x, 0);
            // float lane sums of n / lanes terms each: relative error <= (n / lanes + 1) u; n u bounds it
            assertEquals(expected, Norms.sumOfSquares(n, x, 0), expected * n * 6e-8 + 1e-30);
        }
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
