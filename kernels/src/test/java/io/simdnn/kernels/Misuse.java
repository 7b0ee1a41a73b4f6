package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared checks for kernel misuse: a call with an invalid argument must throw the documented
 * exception and leave every output exactly as it was (validation before the first write), and
 * helpers that build the invalid operands (misaligned and partially overlapping segments).
 */
public final class Misuse {
    private Misuse() {}

    /**
     * Runs {@code call}, asserts it throws {@code type}, and that every segment of {@code outputs}
     * holds the same bytes as before the call.
     */
    public static <T extends Throwable> T assertRejectedUntouched(Class<T> type, Executable call, MemorySegment... outputs) {
        byte[][] before = new byte[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            before[i] = outputs[i].toArray(ValueLayout.JAVA_BYTE);
        }
        T thrown = assertThrows(type, call);
        for (int i = 0; i < outputs.length; i++) {
            assertArrayEquals(before[i], outputs[i].toArray(ValueLayout.JAVA_BYTE),
                    "output " + i + " was written before the call was rejected with: " + thrown.getMessage());
        }
        return thrown;
    }

    /** {@code floats} floats of random data in a native segment whose address is {@code shift} (1..3) bytes past a float boundary. */
    public static MemorySegment misaligned(Arena arena, long floats, int shift) {
        MemorySegment base = Buffers.allocate(arena, floats + 1);
        for (long i = 0; i < floats + 1; i++) {
            Buffers.set(base, i, 0.25f * (i % 7) - 0.5f);
        }
        return base.asSlice(shift, floats * Float.BYTES);
    }

    /**
     * A random invalid element offset for an operand of {@code count} floats in a segment of
     * {@code available}: negative, just past the room left, or so large that offset + count overflows.
     */
    public static long badOffset(java.util.SplittableRandom random, long count, long available) {
        return switch (random.nextInt(3)) {
            case 0 -> -1 - random.nextInt(1000);
            case 1 -> available - count + 1 + random.nextInt(8);
            default -> Long.MAX_VALUE - random.nextInt(8);
        };
    }
}
