package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.checks.DropoutChecks;

/**
 * Scalar twin of {@code Dropout}: the mask written out from its definition (MurmurHash3's
 * finalizer twice over the index and the two halves of the key) and applied element by element.
 */
public final class ReferenceDropout {
    private ReferenceDropout() {}

    private static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    /** {@code true} when element {@code index} of a call with {@code key} survives dropout of {@code rate}. */
    public static boolean keeps(long key, float rate, int index) {
        int h = fmix32(fmix32(index * 0x9E3779B9 + (int) key) ^ (int) (key >>> 32));
        long threshold = Math.round((1 - (double) rate) * (1 << 24));
        return (h >>> 8) < threshold;
    }

    /** {@code out[i] = in[i] * (keeps(i) ? 1 / (1 - rate) : 0)}: forward and backward alike. */
    public static void apply(long n, float rate, long key, MemorySegment in, long inOffset, MemorySegment out, long outOffset) {
        DropoutChecks.check(n, rate, "in", in, inOffset, "out", out, outOffset);
        float scale = (float) (1 / (1 - (double) rate));
        for (int i = 0; i < n; i++) {
            Buffers.set(out, outOffset + i, Buffers.get(in, inOffset + i) * (keeps(key, rate, i) ? scale : 0f));
        }
    }

    public static void forward(long n, float rate, long key, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        apply(n, rate, key, x, xOffset, y, yOffset);
    }

    public static void backward(long n, float rate, long key, MemorySegment dy, long dyOffset, MemorySegment dx, long dxOffset) {
        apply(n, rate, key, dy, dyOffset, dx, dxOffset);
    }
}
