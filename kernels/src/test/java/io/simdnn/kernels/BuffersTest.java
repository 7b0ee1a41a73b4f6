package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class BuffersTest {

    @Test
    void allocateIsAlignedZeroedAndSized() {
        try (Arena arena = Arena.ofConfined()) {
            // odd sizes in between so the arena's bump pointer is not accidentally aligned
            for (long count : new long[] {1, 3, 0, 17, 5, 1000, 7, 64}) {
                MemorySegment segment = Buffers.allocate(arena, count);
                assertEquals(0, segment.address() % Buffers.ALIGNMENT,
                        "allocate(" + count + ") at 0x" + Long.toHexString(segment.address()) + " not 64-byte aligned");
                assertEquals(count * Buffers.FLOAT_BYTES, segment.byteSize());
                assertEquals(count, Buffers.floatCount(segment));
                for (long i = 0; i < count; i++) {
                    assertEquals(0f, Buffers.get(segment, i));
                }
            }
        }
        try (Arena shared = Arena.ofShared()) {
            assertEquals(0, Buffers.allocate(shared, 3).address() % 64);
            assertEquals(0, Buffers.allocate(shared, 5).address() % 64);
        }
        assertEquals(64, Buffers.ALIGNMENT);
    }

    /** Ranges longer than the 16 KiB zero block (4096 floats) are cleared in pieces; neighbours stay. */
    @Test
    void fillZeroClearsExactlyTheRange() {
        int length = 3 * 4096 + 123;
        float[] values = new float[length + 10];
        java.util.Arrays.fill(values, 7f);
        for (MemorySegment segment : new MemorySegment[] {Buffers.wrap(values), Buffers.copyOf(Arena.ofAuto(), values)}) {
            Buffers.fillZero(segment, 5, length);
            float[] after = Buffers.toArray(segment);
            for (int i = 0; i < after.length; i++) {
                assertEquals(i >= 5 && i < 5 + length ? 0f : 7f, after[i], "element " + i);
            }
            Buffers.fillZero(segment, 0, 0); // an empty range is allowed and changes nothing
            assertEquals(7f, Buffers.get(segment, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> Buffers.fillZero(segment, values.length - 2, 3));
        }
    }

    @Test
    void negativeSizeIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Buffers.allocate(arena, -1));
            assertTrue(e.getMessage().contains("-1"), e.getMessage());
            assertThrows(NullPointerException.class, () -> Buffers.allocate(null, 4));
        }
    }

    @Test
    void sizesWhoseByteCountOverflowsAreRejectedNotWrapped() {
        try (Arena arena = Arena.ofConfined()) {
            // 2^62 floats are 2^64 bytes: count * 4 wraps to 0, which used to return an empty segment
            for (long count : new long[] {1L << 62, Long.MAX_VALUE / 4 + 1, Long.MAX_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Buffers.allocate(arena, count));
                assertTrue(e.getMessage().contains(Long.toString(count)), e.getMessage());
            }
        }
    }

    @Test
    void wrapWritesThroughBothWays() {
        float[] values = {1, 2, 3};
        MemorySegment segment = Buffers.wrap(values);
        assertEquals(3, Buffers.floatCount(segment));
        Buffers.set(segment, 1, 42f);
        assertArrayEquals(new float[] {1, 42, 3}, values, "write through the segment changes the array");
        values[2] = -7f;
        assertEquals(-7f, Buffers.get(segment, 2), "write to the array is visible through the segment");
        assertArrayEquals(values, Buffers.toArray(segment));
        assertThrows(NullPointerException.class, () -> Buffers.wrap(null));
    }

    @Test
    void copyOfIsAnAlignedIndependentCopy() {
        float[] values = {0.5f, -1f, Float.NaN, 3e38f};
        try (Arena arena = Arena.ofConfined()) {
            Buffers.allocate(arena, 1); // misalign the arena's next free byte
            MemorySegment copy = Buffers.copyOf(arena, values);
            assertEquals(0, copy.address() % Buffers.ALIGNMENT);
            assertArrayEquals(values, Buffers.toArray(copy));
            values[0] = 9f;
            assertEquals(0.5f, Buffers.get(copy, 0), "copyOf must not share the array");
        }
    }
}
