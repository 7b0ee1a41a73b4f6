package io.simdnn.kernels.pool;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Misuse;
import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.TestBuffers;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Pooling given one invalid argument throws {@link IllegalArgumentException} with its outputs
 * untouched: in particular a bad argmax entry anywhere (also the last one) is found before dx is
 * written, on the 2x2 vector path and the general path alike.
 */
class PoolingMisuseProperties {
    private enum Fault { ARGMAX_OUT_OF_PLANE, ARGMAX_SHORT, DX_TOO_SMALL, DX_OVERLAPS_DY, Y_OVERLAPS_X, Y_TOO_SMALL, MISALIGNED_X }

    @Property(tries = 300)
    void invalidArgumentsLeaveOutputsUntouched(@ForAll Fault fault, @ForAll @IntRange(min = 1, max = 3) int batch,
                                               @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 2, max = 12) int size,
                                               @ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(min = 1, max = 2) int stride,
                                               @ForAll @LongRange long seed) {
        Assume.that(kernel <= size);
        PoolShape s = new PoolShape(batch, channels, size, size, kernel, stride);
        SplittableRandom random = new SplittableRandom(seed);
        int inputs = (int) s.inputSize(), outputs = (int) s.outputSize();
        int area = size * size, outArea = s.outHeight() * s.outWidth();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = TestBuffers.random(arena, inputs, random, 1);
            MemorySegment y = TestBuffers.random(arena, outputs, random, 1);
            MemorySegment dy = TestBuffers.random(arena, outputs, random, 1);
            MemorySegment dx = TestBuffers.random(arena, inputs, random, 1);
            int[] argmax = new int[outputs];
            for (int o = 0; o < outputs; o++) {
                argmax[o] = o / outArea * area + random.nextInt(area);
            }
            switch (fault) {
                case ARGMAX_OUT_OF_PLANE -> {
                    // the last entry half the time: the one a check-while-writing scatter reports last
                    int o = random.nextBoolean() ? outputs - 1 : random.nextInt(outputs);
                    int plane = o / outArea;
                    argmax[o] = switch (random.nextInt(3)) {
                        case 0 -> -1 - random.nextInt(5);
                        case 1 -> plane == 0 ? inputs + random.nextInt(5) : plane * area - 1 - random.nextInt(plane * area);
                        default -> (plane + 1) * area + random.nextInt(Math.max(1, inputs - (plane + 1) * area) + 5);
                    };
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> Pooling.maxBackward(s, dy, argmax, dx), dx);
                }
                case ARGMAX_SHORT -> Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                        () -> Pooling.maxForward(s, x, y, new int[outputs - 1]), y);
                case DX_TOO_SMALL -> {
                    MemorySegment small = TestBuffers.random(arena, inputs - 1, random, 1);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> Pooling.averageBackward(s, dy, small), small);
                }
                case DX_OVERLAPS_DY -> {
                    MemorySegment shared = TestBuffers.random(arena, inputs + outputs, random, 1);
                    MemorySegment sharedDy = shared.asSlice(4L * random.nextInt(inputs), 4L * outputs);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, random.nextBoolean()
                            ? () -> Pooling.maxBackward(s, sharedDy, argmax, shared)
                            : () -> Pooling.averageBackward(s, sharedDy, shared), shared);
                }
                case Y_OVERLAPS_X -> {
                    MemorySegment sharedY = x.asSlice(4L * random.nextInt(inputs - outputs + 1), 4L * outputs);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, random.nextBoolean()
                            ? () -> Pooling.maxForward(s, x, sharedY, argmax)
                            : () -> Pooling.averageForward(s, x, sharedY), x);
                }
                case Y_TOO_SMALL -> {
                    MemorySegment small = TestBuffers.random(arena, outputs - 1, random, 1);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> Pooling.maxForward(s, x, small, argmax), small);
                }
                case MISALIGNED_X -> Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                        () -> Pooling.averageForward(s, Misuse.misaligned(arena, inputs, 2), y), y);
            }
        }
    }

    @Test
    void shapesWhoseElementCountOverflowsAnIntAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(65536, 65536, 2, 2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(1, 1 << 20, 2048, 2048, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(Integer.MAX_VALUE, 2, 1, 1, 1, 1));
    }
}
