package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Argument checks every public kernel runs once, at the door, before it touches memory.
 * Each failure is an {@link IllegalArgumentException} whose message names the operand and shape,
 * so a caller sees which argument is wrong without reading kernel code.
 */
public final class Checks {
    private Checks() {}

    /** Requires {@code value >= 0}. */
    public static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** Requires {@code value >= 1}. */
    public static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** Requires a finite float (not NaN, not infinite). */
    public static void finite(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    /**
     * Checks that a row-major {@code rows x cols} matrix stored at element {@code offset} with
     * leading dimension {@code ld} lies inside {@code segment}. Empty matrices touch nothing but
     * still need a valid offset and leading dimension.
     */
    public static void matrix(String name, MemorySegment segment, long offset, int rows, int cols, int ld) {
        Objects.requireNonNull(segment, name);
        // no eager name + "..." here: this runs on every kernel call and must not allocate
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + (rows < 0 ? " rows" : " columns") + " must be >= 0, got " + Math.min(rows, cols));
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, got " + offset);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + " is " + rows + " x " + cols
                    + "; its leading dimension must be >= " + Math.max(1, cols) + ", got " + ld);
        }
        if (segment.byteSize() % Float.BYTES != 0) {
            throw new IllegalArgumentException(name + " segment size " + segment.byteSize()
                    + " bytes is not a whole number of floats");
        }
        floatAligned(name, segment);
        long available = (segment.byteSize() / Float.BYTES);
        long end = extentEnd(offset, rows, cols, ld);
        if (end > available) {
            throw new IllegalArgumentException(name + " is " + rows + " x " + cols + " with leading dimension " + ld
                    + " at offset " + offset + "; it needs " + end + " floats but its segment holds " + available);
        }
    }

    /**
     * Whether {@link #vector} would accept these arguments: lets a caller whose error message is
     * costly to build (it names a shape) build it only when the check fails.
     */
    public static boolean fits(MemorySegment segment, long offset, long count) {
        if (segment == null || count < 0 || offset < 0 || segment.maxByteAlignment() < Float.BYTES) {
            return false;
        }
        long available = (segment.byteSize() / Float.BYTES);
        return offset <= available && count <= available - offset;
    }

    /** Checks that {@code count} floats from element {@code offset} lie inside {@code segment}. */
    public static void vector(String name, MemorySegment segment, long offset, long count) {
        Objects.requireNonNull(segment, name);
        if (count < 0) {
            throw new IllegalArgumentException(name + " length must be >= 0, got " + count);
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + " offset must be >= 0, got " + offset);
        }
        floatAligned(name, segment);
        long available = (segment.byteSize() / Float.BYTES);
        if (offset > available || count > available - offset) {
            throw new IllegalArgumentException(name + " (" + count + " floats at offset " + offset + ") needs "
                    + (offset > Long.MAX_VALUE - count ? "more than Long.MAX_VALUE" : Long.toString(offset + count))
                    + " floats but its segment holds " + available);
        }
    }

    /**
     * Requires every float of {@code segment} to be 4-byte aligned. Kernels have no unaligned path:
     * their scalar tails use the aligned float layout, so a misaligned segment (an odd native
     * address, or a heap segment over a {@code byte[]}) would fail only after the vector body had
     * written most of the output. {@code maxByteAlignment} covers both the address and, for heap
     * segments, the array's element size.
     */
    public static void floatAligned(String name, MemorySegment segment) {
        if (segment.maxByteAlignment() < Float.BYTES) {
            throw new IllegalArgumentException(name + " segment is not 4-byte aligned for float access (address "
                    + segment.address() + ", alignment " + segment.maxByteAlignment() + ")");
        }
    }

    /**
     * Requires an output of {@code n} floats to be either exactly the input (same memory, same
     * first element: the in-place case element-wise kernels support, since each element is read
     * before it is written) or disjoint from it. Any partial overlap would make a vector step read
     * elements an earlier step already overwrote, so results would depend on the vector width and
     * the thread split.
     */
    public static void sameOrDisjoint(String outName, MemorySegment out, long outOffset,
                                      String inName, MemorySegment in, long inOffset, long n) {
        if (n <= 0 || !overlaps(out, outOffset, outOffset + n, in, inOffset, inOffset + n)) {
            return;
        }
        if (!sameStart(out, outOffset, in, inOffset)) {
            throw new IllegalArgumentException(outName + " elements [" + outOffset + ", " + (outOffset + n)
                    + ") partially overlap " + inName + " elements [" + inOffset + ", " + (inOffset + n)
                    + "): only the exact same range (in place) or disjoint ranges are allowed");
        }
    }

    /**
     * As {@link #sameOrDisjoint} for {@code rows x cols} matrices: an output overlapping an input
     * must be exactly it (same first element and same leading dimension).
     */
    public static void sameMatrixOrDisjoint(String outName, MemorySegment out, long outOffset, int outLd,
                                            String inName, MemorySegment in, long inOffset, int inLd, int rows, int cols) {
        long outEnd = extentEnd(outOffset, rows, cols, outLd);
        long inEnd = extentEnd(inOffset, rows, cols, inLd);
        if (outEnd <= outOffset || inEnd <= inOffset || !overlaps(out, outOffset, outEnd, in, inOffset, inEnd)) {
            return;
        }
        if (outLd != inLd || !sameStart(out, outOffset, in, inOffset)) {
            throw new IllegalArgumentException(outName + " (offset " + outOffset + ", leading dimension " + outLd
                    + ") partially overlaps " + inName + " (offset " + inOffset + ", leading dimension " + inLd
                    + "): only the same matrix (in place) or disjoint memory is allowed");
        }
    }

    /** Requires two whole-segment tensors of {@code outSize} and {@code inSize} floats from element 0 to be disjoint. */
    public static void disjoint(String outName, MemorySegment out, long outSize, String inName, MemorySegment in, long inSize) {
        noOverlap(outName, out, 0, outSize, inName, in, 0, inSize);
    }

    /** Whether two element positions are the same memory (native: same address; heap: same array and offset). */
    private static boolean sameStart(MemorySegment a, long aOffset, MemorySegment b, long bOffset) {
        if (a.isNative()) {
            return a.address() + aOffset * Float.BYTES == b.address() + bOffset * Float.BYTES;
        }
        // overlapping heap segments share one array; address() is the byte offset into it
        return a.address() + aOffset * Float.BYTES == b.address() + bOffset * Float.BYTES
                && a.heapBase().equals(b.heapBase());
    }

    /**
     * One past the last element a {@code rows x cols} matrix at {@code offset} touches, or
     * {@link Long#MAX_VALUE} when that overflows (which no segment can hold, so the range check
     * that follows rejects it instead of wrapping around to a small number).
     */
    public static long extentEnd(long offset, int rows, int cols, int ld) {
        if (rows == 0 || cols == 0) {
            return offset;
        }
        try {
            return Math.addExact(offset, Math.addExact(Math.multiplyExact((long) (rows - 1), (long) ld), cols));
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Rejects an output that shares memory with an input: kernels write their outputs while still
     * reading their inputs, so aliasing would give garbage instead of an error.
     */
    public static void noOverlap(String outName, MemorySegment out, long outOffset, long outEnd,
                                 String inName, MemorySegment in, long inOffset, long inEnd) {
        if (outEnd <= outOffset || inEnd <= inOffset) {
            return;
        }
        if (overlaps(out, outOffset, outEnd, in, inOffset, inEnd)) {
            throw new IllegalArgumentException(outName + " elements [" + outOffset + ", " + outEnd
                    + ") overlap " + inName + " elements [" + inOffset + ", " + inEnd + ")");
        }
    }

    /**
     * Whether the two element ranges share memory. Native segments are compared by address (no
     * allocation: this runs on every GEMM call); heap segments, which may wrap the same array at
     * different offsets, are sliced and asked.
     */
    private static boolean overlaps(MemorySegment out, long outOffset, long outEnd, MemorySegment in, long inOffset, long inEnd) {
        if (out.isNative() && in.isNative()) {
            long outStart = out.address() + outOffset * Float.BYTES;
            long inStart = in.address() + inOffset * Float.BYTES;
            long outStop = out.address() + outEnd * Float.BYTES;
            long inStop = in.address() + inEnd * Float.BYTES;
            return outStart < inStop && inStart < outStop;
        }
        if (out.isNative() != in.isNative()) {
            return false;
        }
        MemorySegment outSlice = out.asSlice(outOffset * Float.BYTES, (outEnd - outOffset) * Float.BYTES);
        MemorySegment inSlice = in.asSlice(inOffset * Float.BYTES, (inEnd - inOffset) * Float.BYTES);
        return outSlice.asOverlappingSlice(inSlice).isPresent();
    }

    /** {@code values[offset, offset + count)} lies inside the array. */
    public static void intRange(String name, int[] values, int offset, int count) {
        Objects.requireNonNull(values, name);
        if (offset < 0 || (long) offset + count > values.length) {
            throw new IllegalArgumentException(name + " needs " + count + " ints from offset " + offset
                    + " but holds " + values.length);
        }
    }
}
