package io.simdnn.kernels.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.EdgeValues;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceSoftmaxCrossEntropy;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Softmax, its cross-entropy and the prediction on edge-value logits, placed anywhere in rows of
 * several vector widths. The documented contract: a row holding a NaN or infinite logit makes the
 * loss NaN and its softmax NaN throughout; rows of finite logits (zeros of both signs, subnormals,
 * +-MAX_VALUE) match the reference within float rounding; the prediction is the first largest
 * logit, a NaN never winning unless it is first.
 */
class SoftmaxEdgeValueProperties {
    @Example
    void aRowWhoseLargestLogitIsTheLargestFloatTwiceLosesLog2() {
        // the label is one of the two maxima: loss = log(e^0 + e^0 + tiny) = log 2, which the reference once
        // rounded away by adding log(sum) to MAX_VALUE before subtracting x[label] (found on a fresh seed)
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = Buffers.allocate(arena, 22);
            Buffers.set(logits, 1, Float.MAX_VALUE);
            Buffers.set(logits, 17, Float.MAX_VALUE);
            int[] labels = {17};
            float loss = SoftmaxCrossEntropy.lossAndGradient(1, 22, logits, 0, 22, labels, 0, Buffers.allocate(arena, 22), 0, 22);
            float reference = ReferenceSoftmaxCrossEntropy.lossAndGradient(1, 22, logits, 0, 22, labels, 0,
                    Buffers.allocate(arena, 22), 0, 22);
            assertEquals((float) Math.log(2), loss, 1e-6f);
            assertEquals((float) Math.log(2), reference, 1e-6f);
        }
    }

    @Example
    void aRowLossOfTwiceTheLargestFloatIsNoOverflowWhenTheMeanFits() {
        // row 0's loss is max - x[label] = 2 MAX_VALUE (past the float range), the other two rows' are log 2:
        // the mean, 2/3 MAX_VALUE, is a float, and a float subtraction would have made it infinite
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = Buffers.allocate(arena, 6);
            float[] values = {Float.MAX_VALUE, -Float.MAX_VALUE, 0, 0, 0, 0};
            for (int i = 0; i < values.length; i++) {
                Buffers.set(logits, i, values[i]);
            }
            MemorySegment grad = Buffers.allocate(arena, 6);
            float loss = SoftmaxCrossEntropy.lossAndGradient(3, 2, logits, 0, 2, new int[] {1, 0, 0}, 0, grad, 0, 2);
            float expected = (float) ((2.0 * Float.MAX_VALUE + 2 * Math.log(2)) / 3);
            assertEquals(expected, loss, Math.ulp(expected));
        }
    }

    @Property(tries = 150)
    void nonFiniteRowsBecomeNaNAndFiniteRowsMatchTheReference(@ForAll @IntRange(min = 1, max = 6) int n,
                                                              @ForAll @IntRange(min = 1, max = 80) int k, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = EdgeValues.segment(arena, (long) n * k, random, random.nextBoolean() ? 0.05 : 0.3);
            boolean[] finiteRow = new boolean[n];
            boolean allFinite = true;
            for (int r = 0; r < n; r++) {
                finiteRow[r] = true;
                for (int j = 0; j < k; j++) {
                    finiteRow[r] &= Float.isFinite(Buffers.get(logits, (long) r * k + j));
                }
                allFinite &= finiteRow[r];
            }
            MemorySegment p = TestBuffers.poisoned(arena, (long) n * k), pRef = TestBuffers.poisoned(arena, (long) n * k);
            SoftmaxCrossEntropy.softmax(n, k, logits, 0, k, p, 0, k);
            ReferenceSoftmaxCrossEntropy.softmax(n, k, logits, 0, k, pRef, 0, k);
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < k; j++) {
                    float actual = Buffers.get(p, (long) r * k + j);
                    if (finiteRow[r]) {
                        assertEquals(Buffers.get(pRef, (long) r * k + j), actual, 4e-7f * (k + 1), "p[" + r + "][" + j + "]");
                    } else {
                        assertTrue(Float.isNaN(actual), "row " + r + " holds a non-finite logit, p[" + r + "][" + j + "] = " + actual);
                    }
                }
            }
            int[] labels = random.ints(n, 0, k).toArray();
            MemorySegment grad = TestBuffers.poisoned(arena, (long) n * k), gradRef = TestBuffers.poisoned(arena, (long) n * k);
            float loss = SoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, grad, 0, k);
            float lossRef = ReferenceSoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, gradRef, 0, k);
            if (allFinite) {
                assertEquals(lossRef, loss, 1e-5f * Math.max(1, Math.abs(lossRef)), "loss");
            } else {
                assertTrue(Float.isNaN(loss), "a non-finite logit must make the loss NaN, got " + loss);
            }

            int[] predictions = new int[n];
            SoftmaxCrossEntropy.predict(n, k, logits, 0, k, predictions, 0);
            for (int r = 0; r < n; r++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (Buffers.get(logits, (long) r * k + j) > Buffers.get(logits, (long) r * k + best)) {
                        best = j;
                    }
                }
                assertEquals(best, predictions[r], "prediction of row " + r);
            }
        }
    }
}
