package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector body of {@link SoftmaxCrossEntropy}: one row, three sweeps over k values in L1. */
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
        int bound = SPECIES.loopBound(k);
        float labelLogit = logits.getAtIndex(Buffers.FLOAT, start + label); // read before grad may overwrite it
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
        boolean finite = Float.isFinite(max) && Float.isFinite(min);
        // exponentials go into grad first; the sum is needed before they can be normalized
        double sum = 0;
        j = 0;
        if (bound > 0) {
            FloatVector sums = FloatVector.zero(SPECIES);
            for (; j < bound; j += LANES) {
                FloatVector e = expNonPositive(FloatVector.fromMemorySegment(SPECIES, logits, (start + j) * F, ORDER).sub(max));
                e.intoMemorySegment(grad, (gradStart + j) * F, ORDER);
                sums = sums.add(e);
            }
            sum = sums.reduceLanes(VectorOperators.ADD);
        }
        for (; j < k; j++) {
            float e = (float) Math.exp(logits.getAtIndex(Buffers.FLOAT, start + j) - max);
            grad.setAtIndex(Buffers.FLOAT, gradStart + j, e);
            sum += e;
        }
        double loss = Math.log(sum) + max - labelLogit;
        float factor = (float) (scale / sum);
        j = 0;
        for (; j < bound; j += LANES) {
            FloatVector.fromMemorySegment(SPECIES, grad, (gradStart + j) * F, ORDER).mul(factor)
                    .intoMemorySegment(grad, (gradStart + j) * F, ORDER);
        }
        for (; j < k; j++) {
            grad.setAtIndex(Buffers.FLOAT, gradStart + j, grad.getAtIndex(Buffers.FLOAT, gradStart + j) * factor);
        }
        long labelIndex = gradStart + label;
        grad.setAtIndex(Buffers.FLOAT, labelIndex, grad.getAtIndex(Buffers.FLOAT, labelIndex) - scale);
        return finite ? loss : Double.NaN;
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
