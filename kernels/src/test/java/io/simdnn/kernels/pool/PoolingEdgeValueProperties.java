package io.simdnn.kernels.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.EdgeValues;
import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferencePooling;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Max pooling on edge values, dense enough that most windows hold ties (+0 against -0, equal
 * infinities, repeated ordinary values) and NaNs: the winner's index must be the reference's (the
 * first maximum in row-major window order, a NaN being the maximum) on the 2x2 vector path and the
 * general path, and the gradient must land where the reference puts it, bit for bit.
 */
class PoolingEdgeValueProperties {
    @Property(tries = 150)
    void maxPoolingPicksTheReferenceWinnerOnTiesAndSpecialValues(
            @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 3) int channels,
            @ForAll @IntRange(min = 2, max = 40) int height, @ForAll @IntRange(min = 2, max = 40) int width,
            @ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @LongRange long seed) {
        Assume.that(kernel <= height && kernel <= width);
        boolean vectorPath = random2x2(seed);
        PoolShape s = vectorPath ? new PoolShape(batch, channels, height, width, 2, 2)
                : new PoolShape(batch, channels, height, width, kernel, stride);
        SplittableRandom random = new SplittableRandom(seed);
        int inputs = (int) s.inputSize(), outputs = (int) s.outputSize();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = EdgeValues.segment(arena, inputs, random, 0.7);
            MemorySegment y = TestBuffers.poisoned(arena, outputs), yRef = TestBuffers.poisoned(arena, outputs);
            int[] argmax = new int[outputs], argmaxRef = new int[outputs];
            Pooling.maxForward(s, x, y, argmax);
            ReferencePooling.maxForward(s, x, yRef, argmaxRef);
            assertArrayEquals(argmaxRef, argmax, s.toString());
            TestBuffers.assertSameBits(yRef, y, "max pooling of " + s);

            // overlapping windows sum gradients: in float here, in double in the reference, so a sum
            // of near-MAX_VALUE gradients may overflow to infinity only here; such dy are drawn only
            // where there is nothing to sum
            boolean overlapping = s.stride() < s.kernel();
            MemorySegment dy = overlapping ? EdgeValues.finiteSegment(arena, outputs, random, 0.4)
                    : EdgeValues.segment(arena, outputs, random, 0.4);
            MemorySegment dx = TestBuffers.poisoned(arena, inputs), dxRef = TestBuffers.poisoned(arena, inputs);
            Pooling.maxBackward(s, dy, argmax, dx);
            ReferencePooling.maxBackward(s, dy, argmaxRef, dxRef);
            if (!overlapping) {
                // every input gets at most one gradient: no sums, so bit for bit
                TestBuffers.assertSameBits(dxRef, dx, "max pooling gradient of " + s);
            } else {
                // overlapping windows add up to K^2 gradients, the reference in another order:
                // the same NaNs and infinities, finite values within a few ulps
                for (int i = 0; i < inputs; i++) {
                    float expected = Buffers.get(dxRef, i), actual = Buffers.get(dx, i);
                    if (Float.isFinite(expected)) {
                        assertEquals(expected, actual, 1e-6f * Math.max(1, Math.abs(expected)), "dx[" + i + "] of " + s);
                    } else {
                        assertEquals(expected, actual, "dx[" + i + "] of " + s);
                    }
                }
            }
        }
    }

    private static boolean random2x2(long seed) {
        return (seed & 1) == 0;
    }
}
