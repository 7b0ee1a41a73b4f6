package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
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
                FloatVector e = FloatVector.fromMemorySegment(SPECIES, logits, (start + j) * F, ORDER)
                        .sub(max).lanewise(VectorOperators.EXP);
                e.intoMemorySegment(out, (outStart + j) * F, ORDER);
                sums = sums.add(e);
            }
            sum = sums.reduceLanes(VectorOperators.ADD);
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
}
