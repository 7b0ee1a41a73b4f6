package io.simdnn.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/** Test inputs: random data (never all zeros) and NaN-poisoned outputs, so an unwritten element shows. */
public final class TestBuffers {
    private TestBuffers() {}

    /** {@code count} floats uniform in {@code [-scale, scale)}. */
    public static MemorySegment random(Arena arena, long count, SplittableRandom random, double scale) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            Buffers.set(segment, i, (float) ((random.nextDouble() * 2 - 1) * scale));
        }
        return segment;
    }

    /** {@code count} NaNs. */
    public static MemorySegment poisoned(Arena arena, long count) {
        MemorySegment segment = Buffers.allocate(arena, count);
        segment.elements(Buffers.FLOAT).forEach(element -> element.set(Buffers.FLOAT, 0, Float.NaN));
        return segment;
    }

    /** Asserts that two float buffers hold the same bits element by element (NaN payloads and -0.0 included). */
    public static void assertSameBits(MemorySegment expected, MemorySegment actual, String what) {
        float[] e = Buffers.toArray(expected);
        float[] a = Buffers.toArray(actual);
        org.junit.jupiter.api.Assertions.assertEquals(e.length, a.length, what + ": lengths differ");
        for (int i = 0; i < e.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]),
                    what + " differs at " + i + ": " + e[i] + " vs " + a[i]);
        }
    }
}
