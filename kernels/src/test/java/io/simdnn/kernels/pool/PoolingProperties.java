package io.simdnn.kernels.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferencePooling;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Pooling against its reference. Max pooling selects values, so forward and argmax agree
 * exactly; gradients sum at most kernel^2 float terms per input, and averages kernel^2 terms, so
 * a tolerance of kernel^2 ulps of values in [-1, 1] covers the rounding.
 */
class PoolingProperties {
    @Property(tries = 100)
    void maxAndAveragePoolingMatchTheReference(@ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 4) int channels,
                                               @ForAll @IntRange(min = 1, max = 13) int height, @ForAll @IntRange(min = 1, max = 13) int width,
                                               @ForAll @IntRange(min = 1, max = 4) int kernel, @ForAll @IntRange(min = 1, max = 3) int stride,
                                               @ForAll @LongRange long seed) {
        Assume.that(kernel <= height && kernel <= width);
        PoolShape s = new PoolShape(batch, channels, height, width, kernel, stride);
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Buffers.allocate(arena, s.inputSize());
            for (long i = 0; i < s.inputSize(); i++) {
                // few distinct values, so ties occur and the first-maximum rule is tested
                Buffers.set(x, i, random.nextInt(7) - 3 + (random.nextBoolean() ? 0.5f : 0f));
            }
            MemorySegment dy = Buffers.allocate(arena, s.outputSize());
            for (long i = 0; i < s.outputSize(); i++) {
                Buffers.set(dy, i, (float) (random.nextDouble() * 2 - 1));
            }
            int outputs = (int) s.outputSize();
            MemorySegment y = TestBuffers.poisoned(arena, outputs), yRef = TestBuffers.poisoned(arena, outputs);
            int[] argmax = new int[outputs], argmaxRef = new int[outputs];
            Pooling.maxForward(s, x, y, argmax);
            ReferencePooling.maxForward(s, x, yRef, argmaxRef);
            assertArrayEquals(Buffers.toArray(yRef), Buffers.toArray(y));
            assertArrayEquals(argmaxRef, argmax);

            int inputs = (int) s.inputSize();
            float tolerance = kernel * kernel * 2e-7f * 4;
            MemorySegment dx = TestBuffers.poisoned(arena, inputs), dxRef = TestBuffers.poisoned(arena, inputs);
            Pooling.maxBackward(s, dy, argmax, dx);
            ReferencePooling.maxBackward(s, dy, argmaxRef, dxRef);
            assertArrayEquals(Buffers.toArray(dxRef), Buffers.toArray(dx), tolerance);

            Pooling.averageForward(s, x, y);
            ReferencePooling.averageForward(s, x, yRef);
            assertArrayEquals(Buffers.toArray(yRef), Buffers.toArray(y), tolerance * 4);
            Pooling.averageBackward(s, dy, dx);
            ReferencePooling.averageBackward(s, dy, dxRef);
            assertArrayEquals(Buffers.toArray(dxRef), Buffers.toArray(dx), tolerance);
        }
    }

    /**
     * 2x2 stride-2 max and average pooling (the CNN's, with their own vector paths) on rows long enough to need
     * several vectors, odd widths (the last column belongs to no window), ties and NaNs.
     */
    @Property(tries = 60)
    void twoByTwoPoolingMatchesTheReference(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 3) int channels,
                                               @ForAll @IntRange(min = 2, max = 9) int height, @ForAll @IntRange(min = 2, max = 41) int width,
                                               @ForAll @LongRange long seed) {
        PoolShape s = new PoolShape(batch, channels, height, width, 2, 2);
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Buffers.allocate(arena, s.inputSize());
            for (long i = 0; i < s.inputSize(); i++) {
                Buffers.set(x, i, random.nextInt(50) == 0 ? Float.NaN : random.nextInt(5) - 2);
            }
            int outputs = (int) s.outputSize();
            MemorySegment y = TestBuffers.poisoned(arena, outputs), yRef = TestBuffers.poisoned(arena, outputs);
            int[] argmax = new int[outputs], argmaxRef = new int[outputs];
            Pooling.maxForward(s, x, y, argmax);
            ReferencePooling.maxForward(s, x, yRef, argmaxRef);
            assertArrayEquals(Buffers.toArray(yRef), Buffers.toArray(y));
            assertArrayEquals(argmaxRef, argmax);

            // the vector path sums (upper + lower) per column, then the columns: small integers, exact
            MemorySegment mean = TestBuffers.poisoned(arena, outputs), meanRef = TestBuffers.poisoned(arena, outputs);
            Pooling.averageForward(s, x, mean);
            ReferencePooling.averageForward(s, x, meanRef);
            assertArrayEquals(Buffers.toArray(meanRef), Buffers.toArray(mean), 1e-6f);

            // windows do not overlap: every dx is 0 + one dy (times 1/4), the same float as the reference's
            // double sum, bit for bit, -0 included
            MemorySegment dy = Buffers.allocate(arena, outputs);
            for (long i = 0; i < outputs; i++) {
                Buffers.set(dy, i, random.nextInt(10) == 0 ? -0f : (float) (random.nextDouble() * 2 - 1));
            }
            int inputs = (int) s.inputSize();
            MemorySegment dx = TestBuffers.poisoned(arena, inputs), dxRef = TestBuffers.poisoned(arena, inputs);
            Pooling.maxBackward(s, dy, argmax, dx);
            ReferencePooling.maxBackward(s, dy, argmaxRef, dxRef);
            assertArrayEquals(Buffers.toArray(dxRef), Buffers.toArray(dx));
            Pooling.averageBackward(s, dy, dx);
            ReferencePooling.averageBackward(s, dy, dxRef);
            assertArrayEquals(Buffers.toArray(dxRef), Buffers.toArray(dx));
        }
    }

    /**
     * Max-pooling backward with indices that are in their plane but not in their window (not made by
     * this shape's forward pass, possibly repeated): the 2x2 vector path must hand such planes to the
     * general scatter. Repeated indices add up to a few float terms: 1e-6 covers their rounding.
     */
    @Property(tries = 40)
    void twoByTwoMaxBackwardAcceptsAnyIndexInThePlane(@ForAll @IntRange(min = 1, max = 4) int planes,
                                                      @ForAll @IntRange(min = 2, max = 9) int height,
                                                      @ForAll @IntRange(min = 2, max = 41) int width, @ForAll @LongRange long seed) {
        PoolShape s = new PoolShape(1, planes, height, width, 2, 2);
        SplittableRandom random = new SplittableRandom(seed);
        int outputs = (int) s.outputSize(), inputs = (int) s.inputSize(), area = height * width;
        int[] argmax = new int[outputs];
        float[] dy = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            argmax[o] = o / (outputs / planes) * area + random.nextInt(area);
            dy[o] = (float) (random.nextDouble() * 2 - 1);
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment dx = TestBuffers.poisoned(arena, inputs), dxRef = TestBuffers.poisoned(arena, inputs);
            Pooling.maxBackward(s, Buffers.wrap(dy), argmax, dx);
            ReferencePooling.maxBackward(s, Buffers.wrap(dy), argmax, dxRef);
            assertArrayEquals(Buffers.toArray(dxRef), Buffers.toArray(dx), 1e-6f);
        }
    }

    /**
     * Max-pooling backward with one or two indices just outside their plane (below its first or
     * past its last input): the first of them is named, and dx is left as it was.
     */
    @Property(tries = 60)
    void anArgmaxOutsideItsPlaneIsNamedBeforeAnythingIsWritten(@ForAll @IntRange(min = 1, max = 6) int planes,
                                                               @ForAll @IntRange(min = 2, max = 30) int height,
                                                               @ForAll @IntRange(min = 2, max = 30) int width,
                                                               @ForAll @LongRange long seed) {
        PoolShape s = new PoolShape(1, planes, height, width, 2, 2);
        SplittableRandom random = new SplittableRandom(seed);
        int outputs = (int) s.outputSize(), outArea = outputs / planes, area = height * width;
        int[] argmax = new int[outputs];
        for (int o = 0; o < outputs; o++) {
            argmax[o] = o / outArea * area + random.nextInt(area);
        }
        int bad = random.nextInt(outputs);
        int badPlane = bad / outArea;
        argmax[bad] = random.nextBoolean() ? badPlane * area - 1 : (badPlane + 1) * area;
        if (bad + 1 < outputs && random.nextBoolean()) {
            argmax[bad + 1] = -1 - random.nextInt(5); // a later bad entry is not the one named
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment dx = TestBuffers.poisoned(arena, s.inputSize());
            float[] before = Buffers.toArray(dx);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Pooling.maxBackward(s, Buffers.wrap(new float[outputs]), argmax, dx));
            assertEquals("argmax[" + bad + "] = " + argmax[bad] + " is not in its input plane " + badPlane + " (indices ["
                    + badPlane * area + ", " + (badPlane + 1) * area + "))", error.getMessage());
            assertArrayEquals(before, Buffers.toArray(dx));
        }
    }

    @Test
    void argmaxOutsideItsPlaneIsRejected() {
        PoolShape s = new PoolShape(1, 2, 2, 2, 2, 2);
        float[] dx = new float[8];
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxBackward(s, Buffers.wrap(new float[] {1, 1}), new int[] {0, 1}, Buffers.wrap(dx)));
        assertEquals("argmax[1] = 1 is not in its input plane 1 (indices [4, 8))", error.getMessage());
    }
}
