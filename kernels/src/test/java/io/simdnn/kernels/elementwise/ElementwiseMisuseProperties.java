package io.simdnn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.Misuse;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.TestBuffers;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Every element-wise kernel (activations and dropout, forward and backward, through each of its
 * inputs) given one invalid argument throws {@link IllegalArgumentException} and leaves its output
 * untouched; and the documented in-place form (output exactly the input) gives the out-of-place result.
 */
class ElementwiseMisuseProperties {
    /** A kernel reduced to one input and one output; its other input, if any, is valid and disjoint. */
    private interface InOut {
        void run(long n, MemorySegment in, long inOffset, MemorySegment out, long outOffset);
    }

    private enum Fault { OUTPUT_TOO_SMALL, INPUT_TOO_SMALL, BAD_OUTPUT_OFFSET, BAD_INPUT_OFFSET, PARTIAL_OVERLAP,
        MISALIGNED_INPUT, MISALIGNED_OUTPUT, NEGATIVE_LENGTH }

    private static final int KERNELS = 9;

    /** Kernel {@code which}, its second input (when it has one) being {@code other} from element 0. */
    private static InOut kernel(int which, MemorySegment other) {
        return switch (which) {
            case 0 -> Activations::reluForward;
            case 1 -> (n, dy, o, dx, p) -> Activations.reluBackward(n, other, 0, dy, o, dx, p);
            case 2 -> (n, x, o, dx, p) -> Activations.reluBackward(n, x, o, other, 0, dx, p);
            case 3 -> (n, x, o, y, p) -> Activations.smoothForward(SmoothFunction.TANH, n, x, o, y, p);
            case 4 -> (n, x, o, y, p) -> Activations.smoothForward(SmoothFunction.SIGMOID, n, x, o, y, p);
            case 5 -> (n, dy, o, dx, p) -> Activations.smoothBackward(SmoothFunction.SCALED_TANH, n, other, 0, dy, o, dx, p);
            case 6 -> (n, y, o, dx, p) -> Activations.smoothBackward(SmoothFunction.TANH, n, y, o, other, 0, dx, p);
            case 7 -> (n, x, o, y, p) -> Dropout.forward(n, 0.3f, 42, x, o, y, p);
            default -> (n, dy, o, dx, p) -> Dropout.backward(n, 0.3f, 42, dy, o, dx, p);
        };
    }

    @Property(tries = 400)
    void invalidArgumentsAreRejectedBeforeAnyWrite(@ForAll @IntRange(max = KERNELS - 1) int which, @ForAll Fault fault,
                                                   @ForAll @IntRange(min = 2, max = 200) int n, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared()) {
            InOut kernel = kernel(which, TestBuffers.random(arena, n, random, 2));
            MemorySegment in = TestBuffers.random(arena, n, random, 2);
            MemorySegment out = TestBuffers.random(arena, n, random, 2);
            switch (fault) {
                case OUTPUT_TOO_SMALL -> {
                    MemorySegment small = TestBuffers.random(arena, n - 1 - random.nextInt(n - 1), random, 2);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> kernel.run(n, in, 0, small, 0), small);
                }
                case INPUT_TOO_SMALL -> {
                    MemorySegment small = TestBuffers.random(arena, n - 1, random, 2);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> kernel.run(n, small, 0, out, 0), out);
                }
                case BAD_OUTPUT_OFFSET -> {
                    long offset = Misuse.badOffset(random, n, n);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> kernel.run(n, in, 0, out, offset), out);
                }
                case BAD_INPUT_OFFSET -> {
                    long offset = Misuse.badOffset(random, n, n);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> kernel.run(n, in, offset, out, 0), out);
                }
                case PARTIAL_OVERLAP -> {
                    // one buffer, input and output shifted by 1..n-1 elements either way
                    MemorySegment shared = TestBuffers.random(arena, 2L * n, random, 2);
                    int shift = 1 + random.nextInt(n - 1);
                    long inOffset = random.nextBoolean() ? 0 : shift;
                    long outOffset = shift - inOffset;
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> kernel.run(n, shared, inOffset, shared, outOffset), shared);
                }
                case MISALIGNED_INPUT -> {
                    MemorySegment misaligned = Misuse.misaligned(arena, n, 1 + random.nextInt(3));
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> kernel.run(n, misaligned, 0, out, 0), out);
                }
                case MISALIGNED_OUTPUT -> {
                    MemorySegment misaligned = Misuse.misaligned(arena, n, 1 + random.nextInt(3));
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> kernel.run(n, in, 0, misaligned, 0), misaligned);
                }
                case NEGATIVE_LENGTH -> Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                        () -> kernel.run(-1 - random.nextInt(n), in, 0, out, 0), out);
            }
        }
    }

    @Property(tries = 100)
    void inPlaceGivesTheOutOfPlaceResult(@ForAll @IntRange(max = KERNELS - 1) int which, @ForAll @IntRange(min = 1, max = 200) int n,
                                         @ForAll @IntRange(max = 5) int offset, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared()) {
            InOut kernel = kernel(which, TestBuffers.random(arena, n, random, 2));
            MemorySegment in = TestBuffers.random(arena, n + offset, random, 2);
            MemorySegment out = TestBuffers.poisoned(arena, n + offset);
            kernel.run(n, in, offset, out, offset);
            kernel.run(n, in, offset, in, offset);
            assertArrayEquals(Buffers.toArray(out.asSlice(offset * 4L)), Buffers.toArray(in.asSlice(offset * 4L)));
        }
    }
}
