package io.simdnn.kernels.elementwise;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.checks.DropoutChecks;
import io.simdnn.kernels.reference.ReferenceDropout;

/**
 * Inverted dropout with a counter-based mask: element i of a call is kept when a hash of
 * {@code (key, i)} falls below the keep probability, and kept elements are scaled by
 * {@code 1 / (1 - rate)} so the expected output equals the input (inference then needs no
 * scaling). Nothing is stored between forward and backward: the backward pass recomputes the
 * same mask from the same key, so {@code dx = dy * mask * scale}.
 *
 * <pre>
 * h(i)   = fmix32(fmix32(i * 0x9E3779B9 + low32(key)) ^ high32(key))     32-bit integer arithmetic
 * keep i  iff  (h(i) &gt;&gt;&gt; 8) &lt; threshold,   threshold = round((1 - rate) * 2^24)
 * y[i]   = x[i] * (keep i ? scale : 0),    scale = (float) (1 / (1 - rate))
 * </pre>
 *
 * {@code fmix32} is MurmurHash3's finalizer, a bijection with full avalanche, so masks for nearby
 * indices and keys are uncorrelated. The keep probability is {@code threshold / 2^24}, within
 * {@code 2^-25} of {@code 1 - rate}. Because the mask depends only on the key and the index, the
 * result is the same for any thread count, vector width, or scalar fallback. A dropped NaN stays
 * NaN ({@code NaN * 0}), so a diverged activation is not hidden. Outputs may alias inputs element
 * for element; indices are relative to the first element of the call, so n is at most
 * {@code 2^31 - 1}.
 */
public final class Dropout {
    static final int GOLDEN = 0x9E3779B9;

    private Dropout() {}

    /**
     * The key of mask number {@code step} of a stream seeded with {@code seed}: SplitMix64 of
     * {@code seed + (step + 1) * 0x9E3779B97F4A7C15}, so consecutive steps get unrelated masks.
     *
     * @param seed the stream's seed (a model's, say)
     * @param step the mask's number in the stream (a training step, say)
     * @return the key to pass to {@link #forward} and {@link #backward}
     */
    public static long maskKey(long seed, long step) {
        long z = seed + (step + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@code y[i] = x[i] * mask(key, i) / (1 - rate)} for {@code i < n}. Writes y only; y may be x
     * (same segment and offset).
     *
     * @param n       elements, in {@code [0, 2^31 - 1]}
     * @param rate    probability of dropping an element, in [0, 1)
     * @param key     the mask's key ({@link #maskKey}); the same key gives the same mask
     * @param x       input, read only
     * @param xOffset element index of x's first float
     * @param y       output, overwritten
     * @param yOffset element index of y's first float
     * @throws IllegalArgumentException if n or the rate is out of range or a vector does not fit its segment
     */
    public static void forward(long n, float rate, long key, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        apply(n, rate, key, "x", x, xOffset, "y", y, yOffset);
    }

    /**
     * {@code dx[i] = dy[i] * mask(key, i) / (1 - rate)} for {@code i < n}: the mask of the forward
     * call with the same key and rate. Writes dx only; dx may be dy (same segment and offset).
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
        apply(n, rate, key, "dy", dy, dyOffset, "dx", dx, dxOffset);
    }

    /** The integer keep threshold for hashes shifted to 24 bits. */
    static int keepThreshold(float rate) {
        return (int) Math.round((1 - (double) rate) * (1 << 24));
    }

    /**
     * The factor kept elements are multiplied by.
     *
     * @param rate the drop probability, in [0, 1) (not checked here)
     * @return {@code (float) (1 / (1 - rate))}
     */
    public static float scale(float rate) {
        return (float) (1 / (1 - (double) rate));
    }

    /** The 32-bit hash of element {@code index} under {@code key} (the scalar definition). */
    static int hash(long key, int index) {
        return fmix32(fmix32(index * GOLDEN + (int) key) ^ (int) (key >>> 32));
    }

    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private static void apply(long n, float rate, long key, String inName, MemorySegment in, long inOffset,
                              String outName, MemorySegment out, long outOffset) {
        DropoutChecks.check(n, rate, inName, in, inOffset, outName, out, outOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceDropout.apply(n, rate, key, in, inOffset, out, outOffset);
            return;
        }
        DropoutKernel.apply((int) n, keepThreshold(rate), scale(rate), key, in, inOffset, out, outOffset);
    }
}
