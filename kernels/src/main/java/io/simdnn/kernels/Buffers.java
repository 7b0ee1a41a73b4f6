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
     * @param arena the arena that owns the buffer (closing it frees the buffer)
     * @param count floats to allocate, at least 0
     * @return a new segment of {@code count * 4} zero bytes
     * @throws IllegalArgumentException if {@code count} is negative or {@code count * 4} overflows a long
     * @throws OutOfMemoryError if the arena cannot allocate that much native memory
     */
    public static MemorySegment allocate(Arena arena, long count) {
        Objects.requireNonNull(arena, "arena");
        if (count < 0) {
            throw new IllegalArgumentException("buffer size must be >= 0 floats, got " + count);
        }
        if (count > Long.MAX_VALUE / FLOAT_BYTES) { // count * 4 would wrap around to a small size
            throw new IllegalArgumentException("buffer of " + count + " floats is larger than the address space");
        }
        return arena.allocate(count * FLOAT_BYTES, ALIGNMENT);
    }

    /**
     * Allocates an aligned off-heap copy of {@code values} from {@code arena}.
     *
     * @param arena  the arena that owns the copy
     * @param values the floats to copy; the array is not kept
     * @return a new segment holding {@code values.length} floats
     */
    public static MemorySegment copyOf(Arena arena, float[] values) {
        MemorySegment segment = allocate(arena, values.length);
        MemorySegment.copy(values, 0, segment, FLOAT, 0, values.length);
        return segment;
    }

    /**
     * A heap segment over {@code values}, without copying: the segment and the array alias, so
     * writes through either are seen by the other.
     *
     * @param values the array to view
     * @return a segment of {@code values.length} floats backed by {@code values}
     */
    public static MemorySegment wrap(float[] values) {
        return MemorySegment.ofArray(Objects.requireNonNull(values, "values"));
    }

    /**
     * Number of whole floats in {@code segment}.
     *
     * @param segment any segment
     * @return {@code segment.byteSize() / 4}
     */
    public static long floatCount(MemorySegment segment) {
        return segment.byteSize() / FLOAT_BYTES;
    }

    /**
     * Copies the whole segment into a new {@code float[]} (for tests and small results).
     *
     * @param segment a segment of floats
     * @return a new array of {@link #floatCount} floats
     */
    public static float[] toArray(MemorySegment segment) {
        return segment.toArray(FLOAT);
    }

    /**
     * Sets floats {@code [offset, offset + count)} of {@code segment} to zero. Unlike
     * {@code segment.asSlice(...).fill(0)} it creates no slice object, so hot loops that clear
     * part of a buffer allocate nothing.
     *
     * @param segment the buffer to clear part of
     * @param offset  first float to clear
     * @param count   floats to clear
     * @throws IndexOutOfBoundsException if the range is not inside {@code segment}
     */
    public static void fillZero(MemorySegment segment, long offset, long count) {
        Zeros.fill(segment, offset, count);
    }

    /**
     * Reads element {@code index}.
     *
     * @param segment a segment of floats
     * @param index   the element, in floats
     * @return the float at byte offset {@code 4 * index}
     */
    public static float get(MemorySegment segment, long index) {
        return segment.getAtIndex(FLOAT, index);
    }

    /**
     * Writes element {@code index}.
     *
     * @param segment a segment of floats
     * @param index   the element, in floats
     * @param value   the float stored at byte offset {@code 4 * index}
     */
    public static void set(MemorySegment segment, long index, float value) {
        segment.setAtIndex(FLOAT, index, value);
    }
}
