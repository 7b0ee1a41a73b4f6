package io.simdnn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.EdgeValues;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceActivations;
import io.simdnn.kernels.reference.ReferenceBias;
import io.simdnn.kernels.reference.ReferenceDropout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The element-wise kernels on the values where a vector body, its scalar tail and the reference
 * can disagree: +-0 at the ReLU kink, subnormals, +-infinity and NaN, spread over several vector
 * widths from the first element on. ReLU, dropout and bias select, scale or add element by
 * element, so the contract is bit-identical results, NaN and -0.0 included.
 */
class ElementwiseEdgeValueProperties {
    @Property(tries = 200)
    void reluIsBitIdenticalToTheReferenceOnEdgeValues(@ForAll @IntRange(min = 1, max = 400) int n,
                                                      @ForAll @IntRange(max = 7) int offset, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = EdgeValues.segment(arena, n + offset, random, 0.4);
            MemorySegment dy = EdgeValues.segment(arena, n + offset, random, 0.4);
            MemorySegment y = TestBuffers.poisoned(arena, n + offset), yRef = TestBuffers.poisoned(arena, n + offset);
            MemorySegment dx = TestBuffers.poisoned(arena, n + offset), dxRef = TestBuffers.poisoned(arena, n + offset);
            Activations.reluForward(n, x, offset, y, offset);
            ReferenceActivations.reluForward(n, x, offset, yRef, offset);
            Activations.reluBackward(n, x, offset, dy, offset, dx, offset);
            ReferenceActivations.reluBackward(n, x, offset, dy, offset, dxRef, offset);
            TestBuffers.assertSameBits(yRef, y, "relu forward");
            TestBuffers.assertSameBits(dxRef, dx, "relu backward");
        }
    }

    /** The kink pinned down in every lane of the vector body: x = +-0 passes no gradient, the smallest positive x does. */
    @Test
    void reluBackwardPassesNoGradientAtZeroInAnyLane() {
        int n = 64 + 3;
        float[] x = new float[n], dy = new float[n], dx = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 3) {
                case 0 -> 0f;
                case 1 -> -0f;
                default -> Float.MIN_VALUE;
            };
            dy[i] = 1 + i;
        }
        Activations.reluBackward(n, Buffers.wrap(x), 0, Buffers.wrap(dy), 0, Buffers.wrap(dx), 0);
        for (int i = 0; i < n; i++) {
            assertEquals(i % 3 == 2 ? dy[i] : 0f, dx[i], "dx[" + i + "] at x = " + x[i]);
        }
        float[] y = new float[n];
        Activations.reluForward(n, Buffers.wrap(x), 0, Buffers.wrap(y), 0);
        for (int i = 0; i < n; i++) {
            // max(-0, 0) is +0 in Math.max and in the vector max alike
            assertEquals(Float.floatToIntBits(i % 3 == 2 ? Float.MIN_VALUE : 0f), Float.floatToIntBits(y[i]), "y[" + i + "]");
        }
    }

    /**
     * The smooth functions use vector tanh/exp, within a few ulps of Math's: on edge values the
     * contract is NaN where the reference gives NaN, the same infinities, and otherwise 1e-6.
     */
    @Property(tries = 100)
    void smoothActivationsAgreeWithTheReferenceOnEdgeValues(@ForAll SmoothFunction f, @ForAll @IntRange(min = 1, max = 400) int n,
                                                            @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = EdgeValues.segment(arena, n, random, 0.4);
            MemorySegment y = TestBuffers.poisoned(arena, n), yRef = TestBuffers.poisoned(arena, n);
            Activations.smoothForward(f, n, x, 0, y, 0);
            ReferenceActivations.smoothForward(f, n, x, 0, yRef, 0);
            MemorySegment dy = EdgeValues.finiteSegment(arena, n, random, 0.4);
            MemorySegment dx = TestBuffers.poisoned(arena, n), dxRef = TestBuffers.poisoned(arena, n);
            Activations.smoothBackward(f, n, yRef, 0, dy, 0, dx, 0);
            ReferenceActivations.smoothBackward(f, n, yRef, 0, dy, 0, dxRef, 0);
            for (int i = 0; i < n; i++) {
                assertAgrees(Buffers.get(yRef, i), Buffers.get(y, i), f + " forward at " + i + ", x = " + Buffers.get(x, i));
                assertAgrees(Buffers.get(dxRef, i), Buffers.get(dx, i), f + " backward at " + i);
            }
        }
    }

    private static void assertAgrees(float expected, float actual, String what) {
        if (Float.isNaN(expected) || Float.isInfinite(expected)) {
            assertEquals(expected, actual, what);
        } else {
            assertTrue(Float.isFinite(actual), what + ": " + actual);
            assertEquals(expected, actual, 1e-6f * Math.max(1, Math.abs(expected)), what);
        }
    }

    @Property(tries = 150)
    void dropoutAndBiasAreBitIdenticalToTheReferenceOnEdgeValues(@ForAll @IntRange(min = 1, max = 400) int n,
                                                                  @ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float rate = random.nextBoolean() ? 0f : (float) random.nextDouble(0, 0.9);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = EdgeValues.segment(arena, n, random, 0.4);
            MemorySegment y = TestBuffers.poisoned(arena, n), yRef = TestBuffers.poisoned(arena, n);
            Dropout.forward(n, rate, seed, x, 0, y, 0);
            ReferenceDropout.forward(n, rate, seed, x, 0, yRef, 0);
            TestBuffers.assertSameBits(yRef, y, "dropout forward");
            Dropout.backward(n, rate, seed, x, 0, y, 0);
            ReferenceDropout.backward(n, rate, seed, x, 0, yRef, 0);
            TestBuffers.assertSameBits(yRef, y, "dropout backward");

            MemorySegment bias = EdgeValues.segment(arena, n, random, 0.4);
            MemorySegment matrix = EdgeValues.segment(arena, (long) rows * n, random, 0.4);
            MemorySegment matrixRef = Buffers.copyOf(arena, Buffers.toArray(matrix));
            Bias.addToRows(rows, n, bias, 0, matrix, 0, n);
            ReferenceBias.addToRows(rows, n, bias, 0, matrixRef, 0, n);
            TestBuffers.assertSameBits(matrixRef, matrix, "bias rows");
            MemorySegment sums = TestBuffers.poisoned(arena, n), sumsRef = TestBuffers.poisoned(arena, n);
            Bias.columnSums(rows, n, matrix, 0, n, sums, 0);
            ReferenceBias.columnSums(rows, n, matrix, 0, n, sumsRef, 0);
            TestBuffers.assertSameBits(sumsRef, sums, "column sums");
        }
    }
}
