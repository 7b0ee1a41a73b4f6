package io.simdnn.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import io.simdnn.kernels.internal.Zeros;

/**
 * Float buffers for the kernels.
 *
 * <p>Every kernel takes a {@link MemorySegment} plus an element offset, so a buffer is just a
 * segment of floats. Off-heap buffers come from an {@link Arena} the caller owns (confined or
 * shared): closing the arena frees them. They are aligned to {@link #ALIGNMENT} bytes so vector
 * loads of packed data never straddle a cache line. Heap buffers wrap a {@code float[]}
 * without copying. The one global allocation is {@link #fillZero}'s 16 KiB block of zeros.
 */
public final class Buffers {
    /** Alignment in bytes of every buffer {@link #allocate} returns: one cache line. */
    public static final long ALIGNMENT = 64;

    /** Bytes per element: all buffers hold float32. */
    public static final long FLOAT_BYTES = Float.BYTES;

    /** The element layout kernels use for scalar access (native byte order, 4-byte aligned). */
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private Buffers() {}

    /**
     * Allocates {@code count} zeroed floats from {@code arena}, aligned to {@link #ALIGNMENT}.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static MemorySegment allocate(Arena arena, long count) {
        Objects.requireNonNull(arena, "arena");
        if (count < 0) {
            throw new IllegalArgumentException("buffer size must be >= 0 floats, got " + count);
        }
        return arena.allocate(count * FLOAT_BYTES, ALIGNMENT);
    }

    /** Allocates an aligned off-heap copy of {@code values} from {@code arena}. */
    public static MemorySegment copyOf(Arena arena, float[] values) {
        MemorySegment segment = allocate(arena, values.length);
        MemorySegment.copy(values, 0, segment, FLOAT, 0, values.length);
        return segment;
    }

    /** A heap segment over {@code values}: writes through the segment change the array. */
    public static MemorySegment wrap(float[] values) {
        return MemorySegment.ofArray(Objects.requireNonNull(values, "values"));
    }

    /** Number of whole floats in {@code segment}. */
    public static long floatCount(MemorySegment segment) {
        return segment.byteSize() / FLOAT_BYTES;
    }

    /** Copies the whole segment into a new {@code float[]} (for tests and small results). */
    public static float[] toArray(MemorySegment segment) {
        return segment.toArray(FLOAT);
    }

    /**
     * Sets floats {@code [offset, offset + count)} of {@code segment} to zero. Unlike
     * {@code segment.asSlice(...).fill(0)} it creates no slice object, so hot loops that clear
     * part of a buffer allocate nothing.
     */
    public static void fillZero(MemorySegment segment, long offset, long count) {
        Zeros.fill(segment, offset, count);
    }

    /** Reads element {@code index} (in floats). */
    public static float get(MemorySegment segment, long index) {
        return segment.getAtIndex(FLOAT, index);
    }

    /** Writes element {@code index} (in floats). */
    public static void set(MemorySegment segment, long index, float value) {
        segment.setAtIndex(FLOAT, index, value);
    }
}
