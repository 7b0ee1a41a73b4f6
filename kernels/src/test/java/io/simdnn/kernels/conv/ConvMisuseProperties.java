package io.simdnn.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.Misuse;
import io.simdnn.kernels.TestBuffers;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv2d} given one invalid argument throws the documented exception with every output
 * untouched: a backward pass whose workspace saw no forward pass, or one of another shape (also a
 * shape with the same tensor sizes), and either pass with a closed workspace are
 * {@link IllegalStateException}s; overlaps, short and
 * misaligned segments are {@link IllegalArgumentException}s.
 */
class ConvMisuseProperties {
    private enum Fault { NO_FORWARD, CLOSED_WORKSPACE, FORWARD_OF_OTHER_BATCH, FORWARD_OF_SAME_OUTPUT_SIZE, Y_OVERLAPS_X, DX_OVERLAPS_DY,
        DW_OVERLAPS_W, DB_OVERLAPS_DW, DW_TOO_SMALL, MISALIGNED_W }

    @Property(tries = 200)
    void invalidArgumentsLeaveOutputsUntouched(@ForAll Fault fault, @ForAll @IntRange(min = 1, max = 3) int batch,
                                               @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 3, max = 9) int size,
                                               @ForAll @IntRange(min = 1, max = 4) int filters, @ForAll @IntRange(min = 1, max = 3) int kernel,
                                               @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @LongRange long seed) {
        Assume.that(kernel <= size);
        ConvShape s = ConvShape.of(batch, channels, size, size, filters, kernel, stride, 1);
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared(); ConvWorkspace workspace = new ConvWorkspace()) {
            MemorySegment x = TestBuffers.random(arena, s.inputSize(), random, 1);
            MemorySegment w = TestBuffers.random(arena, s.weightSize(), random, 1);
            MemorySegment b = TestBuffers.random(arena, s.filters(), random, 1);
            MemorySegment y = TestBuffers.random(arena, s.outputSize(), random, 1);
            MemorySegment dy = TestBuffers.random(arena, s.outputSize(), random, 1);
            MemorySegment dw = TestBuffers.random(arena, s.weightSize(), random, 1);
            MemorySegment db = TestBuffers.random(arena, s.filters(), random, 1);
            MemorySegment dx = TestBuffers.random(arena, s.inputSize(), random, 1);
            if (fault != Fault.NO_FORWARD) {
                Conv2d.forward(s, x, w, b, y, workspace);
            }
            if (fault == Fault.CLOSED_WORKSPACE) {
                workspace.close();
                Misuse.assertRejectedUntouched(IllegalStateException.class, () -> Conv2d.forward(s, x, w, b, y, workspace), y);
                Misuse.assertRejectedUntouched(IllegalStateException.class,
                        () -> Conv2d.backward(s, w, dy, dw, db, dx, workspace), dw, db, dx);
                return;
            }
            switch (fault) {
                case NO_FORWARD -> Misuse.assertRejectedUntouched(IllegalStateException.class,
                        () -> Conv2d.backward(s, w, dy, dw, db, dx, workspace), dw, db, dx);
                case FORWARD_OF_OTHER_BATCH -> {
                    ConvShape other = ConvShape.of(batch + 1, channels, size, size, filters, kernel, stride, 1);
                    runForward(arena, other, workspace, random);
                    Misuse.assertRejectedUntouched(IllegalStateException.class,
                            () -> Conv2d.backward(s, w, dy, dw, db, dx, workspace), dw, db, dx);
                }
                case FORWARD_OF_SAME_OUTPUT_SIZE -> {
                    // two more rows and columns without padding: same output and filter sizes, other input
                    ConvShape other = ConvShape.of(batch, channels, size + 2, size + 2, filters, kernel, stride, 0);
                    Assume.that(other.outputSize() == s.outputSize());
                    runForward(arena, other, workspace, random);
                    Misuse.assertRejectedUntouched(IllegalStateException.class,
                            () -> Conv2d.backward(s, w, dy, dw, db, null, workspace), dw, db);
                }
                case Y_OVERLAPS_X -> {
                    MemorySegment shared = TestBuffers.random(arena, s.inputSize() + s.outputSize(), random, 1);
                    MemorySegment sharedY = shared.asSlice(4L * random.nextLong(s.inputSize()), 4L * s.outputSize());
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> Conv2d.forward(s, shared, w, b, sharedY, workspace), shared);
                }
                case DX_OVERLAPS_DY -> {
                    MemorySegment shared = TestBuffers.random(arena, s.inputSize() + s.outputSize(), random, 1);
                    MemorySegment sharedDy = shared.asSlice(4L * random.nextLong(s.inputSize()), 4L * s.outputSize());
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> Conv2d.backward(s, w, sharedDy, dw, db, shared, workspace), shared, dw, db);
                }
                case DW_OVERLAPS_W -> Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                        () -> Conv2d.backward(s, w, dy, w, db, dx, workspace), w, db, dx);
                case DB_OVERLAPS_DW -> {
                    MemorySegment sharedDb = dw.asSlice(4L * random.nextLong(s.weightSize()), 4L);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> Conv2d.backward(s, w, dy, dw, sharedDb, dx, workspace), dw, dx);
                }
                case DW_TOO_SMALL -> {
                    MemorySegment small = TestBuffers.random(arena, s.weightSize() - 1, random, 1);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> Conv2d.backward(s, w, dy, small, db, dx, workspace), small, db, dx);
                }
                case MISALIGNED_W -> Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                        () -> Conv2d.forward(s, x, Misuse.misaligned(arena, s.weightSize(), 1), b, y, workspace), y);
            }
        }
    }

    private static void runForward(Arena arena, ConvShape s, ConvWorkspace workspace, SplittableRandom random) {
        Conv2d.forward(s, TestBuffers.random(arena, s.inputSize(), random, 1), TestBuffers.random(arena, s.weightSize(), random, 1),
                TestBuffers.random(arena, s.filters(), random, 1), TestBuffers.random(arena, s.outputSize(), random, 1), workspace);
    }

    @Test
    void shapesWhoseTensorsOverflowAnIntAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1 << 16, 1 << 16, 1, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 1 << 12, 8, 8, 1 << 14, 8, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 1, Integer.MAX_VALUE - 1, 1, 1, 1, 1, 1));
    }
}
