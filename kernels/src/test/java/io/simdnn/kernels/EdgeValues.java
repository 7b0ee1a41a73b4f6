package io.simdnn.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Inputs made of the values where a vector kernel and its scalar tail or reference can disagree:
 * exact zeros of both signs (the ReLU kink), repeated values (ties in max pooling), subnormals,
 * infinities and NaN, mixed with ordinary values. Special values are spread over the whole
 * buffer, so they land in the vector body (from the first element on) and not only in the tail.
 */
public final class EdgeValues {
    private static final float[] SPECIAL = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 2, -Float.MIN_NORMAL / 3,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE,
    };

    private EdgeValues() {}

    /** One value: a special one with probability {@code specialShare}, else uniform in [-2, 2). */
    public static float draw(SplittableRandom random, double specialShare) {
        if (random.nextDouble() < specialShare) {
            return SPECIAL[random.nextInt(SPECIAL.length)];
        }
        return (float) (random.nextDouble() * 4 - 2);
    }

    /** {@code count} values; the first one is always special, so the very first vector holds one. */
    public static MemorySegment segment(Arena arena, long count, SplittableRandom random, double specialShare) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            Buffers.set(segment, i, i == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : draw(random, specialShare));
        }
        return segment;
    }

    /** Only finite values (zeros of both signs, subnormals, ordinary values): for kernels whose contract excludes Inf and NaN. */
    public static MemorySegment finiteSegment(Arena arena, long count, SplittableRandom random, double specialShare) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            float value;
            do {
                value = draw(random, specialShare);
            } while (!Float.isFinite(value) || Math.abs(value) == Float.MAX_VALUE);
            Buffers.set(segment, i, value);
        }
        return segment;
    }
}
