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

    /**
     * Whether element {@code index} of a call with {@code key} survives dropout of {@code rate}.
     *
     * @param key   the call's mask key
     * @param rate  the drop probability, in [0, 1)
     * @param index the element's index relative to the call's first element
     * @return {@code true} when {@code (h(index) >>> 8) < round((1 - rate) * 2^24)}
     */
    public static boolean keeps(long key, float rate, int index) {
        int h = fmix32(fmix32(index * 0x9E3779B9 + (int) key) ^ (int) (key >>> 32));
        long threshold = Math.round((1 - (double) rate) * (1 << 24));
        return (h >>> 8) < threshold;
    }

    /**
     * {@code out[i] = in[i] * (keeps(key, rate, i) ? 1 / (1 - rate) : 0)} for {@code i < n}: forward
     * and backward alike. Writes out only; out may be in (same segment and offset).
     *
     * @param n         elements, in {@code [0, 2^31 - 1]}
     * @param rate      probability of dropping an element, in [0, 1)
     * @param key       the mask's key
     * @param in        x or dy, read only
     * @param inOffset  element index of in's first float
     * @param out       y or dx, overwritten
     * @param outOffset element index of out's first float
     * @throws IllegalArgumentException if n or the rate is out of range or a vector does not fit its segment
     */
    public static void apply(long n, float rate, long key, MemorySegment in, long inOffset, MemorySegment out, long outOffset) {
        DropoutChecks.check(n, rate, "in", in, inOffset, "out", out, outOffset);
        float scale = (float) (1 / (1 - (double) rate));
        for (int i = 0; i < n; i++) {
            Buffers.set(out, outOffset + i, Buffers.get(in, inOffset + i) * (keeps(key, rate, i) ? scale : 0f));
        }
    }

    /**
     * {@code y[i] = x[i] * (keeps(key, rate, i) ? 1 / (1 - rate) : 0)}. Writes y only; y may be x.
     *
     * @param n       elements, in {@code [0, 2^31 - 1]}
     * @param rate    probability of dropping an element, in [0, 1)
     * @param key     the mask's key ({@link io.simdnn.kernels.elementwise.Dropout#maskKey}); the same key gives the same mask
     * @param x       input, read only
     * @param xOffset element index of x's first float
     * @param y       output, overwritten
     * @param yOffset element index of y's first float
     * @throws IllegalArgumentException if n or the rate is out of range or a vector does not fit its segment
     */
    public static void forward(long n, float rate, long key, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        apply(n, rate, key, x, xOffset, y, yOffset);
    }

    /**
     * {@code dx[i] = dy[i] * (keeps(key, rate, i) ? 1 / (1 - rate) : 0)}: the forward call's mask.
     * Writes dx only; dx may be dy.
     *
     * @param n        elements, in {@code [0, 2^31 - 1]}
     * @param rate     the forward call's rate, in [0, 1)
     * @param key      the forward call's key
     * @param dy       gradient of the output, read only
     * @param dyOffset element index of dy's first float
     * @param dx       gradient of the input, overwritten
     * @param dxOffset element index of dx's first float
     * @throws IllegalArgumentException if n or the rate is out of range or a vector does not fit its segment
     */
    public static void backward(long n, float rate, long key, MemorySegment dy, long dyOffset, MemorySegment dx, long dxOffset) {
        apply(n, rate, key, dy, dyOffset, dx, dxOffset);
    }
}
