package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies of {@link SoftmaxCrossEntropy}: one row at a time, three sweeps over k values in
 * L1 (the maximum, the shifted exponentials and their sum, the normalization).
 */
final class SoftmaxKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private SoftmaxKernel() {}

    /**
     * Writes {@code scale * (softmax(x) - onehot(label))} for one row and returns its loss
     * {@code log(sum exp(x - max)) + max - x[label]} (NaN if any logit is NaN or infinite).
     */
    static double rowLossAndGradient(int k, MemorySegment logits, long start, int label, float scale,
                                     MemorySegment grad, long gradStart) {
        float labelLogit = logits.getAtIndex(Buffers.FLOAT, start + label); // read before grad may overwrite it
        float max = finiteMax(k, logits, start);
        double sum = shiftedExponentials(k, logits, start, max, grad, gradStart);
        multiply(k, grad, gradStart, (float) (scale / sum));
        long labelIndex = gradStart + label;
        grad.setAtIndex(Buffers.FLOAT, labelIndex, grad.getAtIndex(Buffers.FLOAT, labelIndex) - scale);
        return Math.log(sum) + max - labelLogit; // NaN when max is
    }

    /** Writes {@code exp(x - max) / sum exp(x - max)} for one row (NaN throughout if any logit is not finite). */
    static void rowSoftmax(int k, MemorySegment logits, long start, MemorySegment probabilities, long outStart) {
        float max = finiteMax(k, logits, start);
        double sum = shiftedExponentials(k, logits, start, max, probabilities, outStart);
        multiply(k, probabilities, outStart, (float) (1 / sum));
    }

    /** The largest of k logits, or NaN when any of them is NaN or infinite (min and max tell both). */
    private static float finiteMax(int k, MemorySegment logits, long start) {
        int bound = SPECIES.loopBound(k);
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        int j = 0;
        if (bound > 0) {
            FloatVector maxes = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
            FloatVector mins = FloatVector.broadcast(SPECIES, Float.POSITIVE_INFINITY);
            for (; j < bound; j += LANES) {
                FloatVector x = FloatVector.fromMemorySegment(SPECIES, logits, (start + j) * F, ORDER);
                maxes = maxes.max(x);
                mins = mins.min(x);
            }
            max = maxes.reduceLanes(VectorOperators.MAX);
            min = mins.reduceLanes(VectorOperators.MIN);
        }
        for (; j < k; j++) {
            float x = logits.getAtIndex(Buffers.FLOAT, start + j);
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        // NaN propagates through max and min; an infinity shows as one of them
        return Float.isFinite(max) && Float.isFinite(min) ? max : Float.NaN;
    }

    /** Writes {@code exp(x_j - max)} into out (it may be the logits row) and returns their sum. */
    private static double shiftedExponentials(int k, MemorySegment logits, long start, float max, MemorySegment out, long outStart) {
        int bound = SPECIES.loopBound(k);
        double sum = 0;
        int j = 0;
        if (bound > 0) {
            FloatVector sums = FloatVector.zero(SPECIES);
            for (; j < bound; j += LANES) {
                FloatVector e = expNonPositive(FloatVector.fromMemorySegment(SPECIES, logits, (start + j) * F, ORDER).sub(max));
                e.intoMemorySegment(out, (outStart + j) * F, ORDER);
                sums = sums.add(e);
            }
            sum = LaneSums.sum(sums);
        }
        for (; j < k; j++) {
            float e = (float) Math.exp(logits.getAtIndex(Buffers.FLOAT, start + j) - max);
            out.setAtIndex(Buffers.FLOAT, outStart + j, e);
            sum += e;
        }
        return sum;
    }

    private static void multiply(int k, MemorySegment row, long start, float factor) {
        int j = 0;
        for (int bound = SPECIES.loopBound(k); j < bound; j += LANES) {
            FloatVector.fromMemorySegment(SPECIES, row, (start + j) * F, ORDER).mul(factor)
                    .intoMemorySegment(row, (start + j) * F, ORDER);
        }
        for (; j < k; j++) {
            row.setAtIndex(Buffers.FLOAT, start + j, row.getAtIndex(Buffers.FLOAT, start + j) * factor);
        }
    }

    private static final float LOG2_E = 1.44269504f;
    /** ln 2 split so that n * LN2_HIGH is exact for |n| < 2^9 (Cody-Waite). */
    private static final float LN2_HIGH = 0.693145751953125f;
    private static final float LN2_LOW = 1.428606765330187e-06f;
    /** Below this e^x is under the smallest normal float (2^-126); those lanes become 0. */
    private static final float EXP_UNDERFLOW = -87.33654f;

    /**
     * {@code e^x} for {@code x <= 0} (logits minus their row max), within about 2 ulps. The JDK's
     * lanewise EXP handles any x and is the softmax's bottleneck; with x <= 0 known,
     * e^x = 2^n * e^r with n = round(x / ln 2) and |r| <= ln2 / 2, where a degree-6 Taylor
     * polynomial of e^r (error r^7 / 7! < 1.2e-7) in FMAs and an exponent built from n's bits
     * suffice. Written with few nested calls: C2 gives up inlining (and boxes vectors) past a
     * fixed call depth.
     */
    static FloatVector expNonPositive(FloatVector x) {
        FloatVector clamped = x.max(EXP_UNDERFLOW);
        // for t <= 0, truncating t - 0.5 toward zero rounds t to the nearest integer
        IntVector n = (IntVector) clamped.mul(LOG2_E).sub(0.5f).convert(VectorOperators.F2I, 0);
        FloatVector nf = (FloatVector) n.convert(VectorOperators.I2F, 0);
        FloatVector r = nf.fma(FloatVector.broadcast(SPECIES, -LN2_HIGH), clamped);
        r = nf.fma(FloatVector.broadcast(SPECIES, -LN2_LOW), r);
        FloatVector p = r.fma(FloatVector.broadcast(SPECIES, 1f / 720), FloatVector.broadcast(SPECIES, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 0.5f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1f));
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale).blend(0f, x.compare(VectorOperators.LT, EXP_UNDERFLOW));
    }
}
