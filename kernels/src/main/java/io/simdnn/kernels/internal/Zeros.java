package io.simdnn.kernels.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Clears float ranges without allocating (no slice object per call), for hot loops. */
public final class Zeros {
    /** Source of the copies: 16 KiB of zeros, one cache-line aligned block that lives as long as the program. */
    private static final MemorySegment ZEROS = Arena.global().allocate(16 * 1024, 64);

    private Zeros() {}

    /** Sets floats {@code [offset, offset + count)} of {@code segment} to zero. */
    public static void fill(MemorySegment segment, long offset, long count) {
        long byteOffset = offset * Float.BYTES;
        long remaining = count * Float.BYTES;
        while (remaining > 0) {
            long chunk = Math.min(remaining, ZEROS.byteSize());
            MemorySegment.copy(ZEROS, 0, segment, byteOffset, chunk);
            byteOffset += chunk;
            remaining -= chunk;
        }
    }
}
