package io.simdnn.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/** Test inputs: random data (never all zeros) and NaN-poisoned outputs, so an unwritten element shows. */
final class TestBuffers {
    private TestBuffers() {}

    /** {@code count} floats uniform in {@code [-scale, scale)}. */
    static MemorySegment random(Arena arena, long count, SplittableRandom random, double scale) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            Buffers.set(segment, i, (float) ((random.nextDouble() * 2 - 1) * scale));
        }
        return segment;
    }

    /** {@code count} NaNs. */
    static MemorySegment poisoned(Arena arena, long count) {
        MemorySegment segment = Buffers.allocate(arena, count);
        segment.elements(Buffers.FLOAT).forEach(element -> element.set(Buffers.FLOAT, 0, Float.NaN));
        return segment;
    }
}
