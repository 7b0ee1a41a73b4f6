package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
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
                FloatVector e = FloatVector.fromMemorySegment(SPECIES, logits, (start + j) * F, ORDER)
                        .sub(max).lanewise(VectorOperators.EXP);
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
}
