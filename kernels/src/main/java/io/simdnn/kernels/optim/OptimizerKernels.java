package io.simdnn.kernels.optim;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies of {@link OptimizerUpdates}: one pass over the weights and their state, full vectors
 * in the main loop, scalar tails. Arguments are validated by {@link OptimizerUpdates}. Bound by memory
 * bandwidth, not arithmetic.
 */
final class OptimizerKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER);
    }

    private OptimizerKernels() {}

    /**
     * Classical momentum with L2: {@code g' = g + 2 l2 w; v = mu v - lr g'; w = w + v}. The
     * scalar tail repeats the same operation order, so every element rounds as in the reference.
     */
    static void sgdMomentum(long n, float learningRate, float momentum, float l2,
                            MemorySegment w, long wOffset, MemorySegment g, long gOffset, MemorySegment v, long vOffset) {
        float twiceL2 = 2 * l2;
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector velocity = load(v, vOffset + i).mul(momentum).sub(gradient.mul(learningRate));
            velocity.intoMemorySegment(v, (vOffset + i) * F, ORDER);
            weight.add(velocity).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(JAVA_FLOAT, wOffset + i);
            float gradient = g.getAtIndex(JAVA_FLOAT, gOffset + i) + weight * twiceL2;
            float velocity = v.getAtIndex(JAVA_FLOAT, vOffset + i) * momentum - gradient * learningRate;
            v.setAtIndex(JAVA_FLOAT, vOffset + i, velocity);
            w.setAtIndex(JAVA_FLOAT, wOffset + i, weight + velocity);
        }
    }

    static void averagedMomentum(long n, float learningRate, float momentum, float l2,
                                 MemorySegment w, long wOffset, MemorySegment g, long gOffset, MemorySegment m, long mOffset) {
        float twiceL2 = 2 * l2;
        float keep = 1 - momentum;
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector average = load(m, mOffset + i).mul(momentum).add(gradient.mul(keep));
            average.intoMemorySegment(m, (mOffset + i) * F, ORDER);
            weight.sub(average.mul(learningRate)).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(JAVA_FLOAT, wOffset + i);
            float gradient = g.getAtIndex(JAVA_FLOAT, gOffset + i) + weight * twiceL2;
            float average = m.getAtIndex(JAVA_FLOAT, mOffset + i) * momentum + gradient * keep;
            m.setAtIndex(JAVA_FLOAT, mOffset + i, average);
            w.setAtIndex(JAVA_FLOAT, wOffset + i, weight - average * learningRate);
        }
    }

    static void nesterov(long n, float learningRate, float momentum, float l2,
                         MemorySegment w, long wOffset, MemorySegment g, long gOffset, MemorySegment v, long vOffset) {
        float twiceL2 = 2 * l2;
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector velocity = load(v, vOffset + i).mul(momentum).add(gradient);
            velocity.intoMemorySegment(v, (vOffset + i) * F, ORDER);
            weight.sub(gradient.add(velocity.mul(momentum)).mul(learningRate)).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(JAVA_FLOAT, wOffset + i);
            float gradient = g.getAtIndex(JAVA_FLOAT, gOffset + i) + weight * twiceL2;
            float velocity = v.getAtIndex(JAVA_FLOAT, vOffset + i) * momentum + gradient;
            v.setAtIndex(JAVA_FLOAT, vOffset + i, velocity);
            w.setAtIndex(JAVA_FLOAT, wOffset + i, weight - (gradient + velocity * momentum) * learningRate);
        }
    }

    static void adam(long n, float learningRate, float beta1, float beta2, float epsilon, float l2, long t,
                     MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                     MemorySegment m, long mOffset, MemorySegment v, long vOffset) {
        float twiceL2 = 2 * l2;
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        float correction1 = OptimizerUpdates.biasCorrection(beta1, t);
        float correction2 = OptimizerUpdates.biasCorrection(beta2, t);
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector first = load(m, mOffset + i).mul(beta1).add(gradient.mul(keep1));
            FloatVector second = load(v, vOffset + i).mul(beta2).add(gradient.mul(gradient).mul(keep2));
            first.intoMemorySegment(m, (mOffset + i) * F, ORDER);
            second.intoMemorySegment(v, (vOffset + i) * F, ORDER);
            FloatVector step = first.div(correction1).div(second.div(correction2).lanewise(VectorOperators.SQRT).add(epsilon));
            weight.sub(step.mul(learningRate)).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(JAVA_FLOAT, wOffset + i);
            float gradient = g.getAtIndex(JAVA_FLOAT, gOffset + i) + weight * twiceL2;
            float first = m.getAtIndex(JAVA_FLOAT, mOffset + i) * beta1 + gradient * keep1;
            float second = v.getAtIndex(JAVA_FLOAT, vOffset + i) * beta2 + gradient * gradient * keep2;
            m.setAtIndex(JAVA_FLOAT, mOffset + i, first);
            v.setAtIndex(JAVA_FLOAT, vOffset + i, second);
            float step = (first / correction1) / ((float) Math.sqrt(second / correction2) + epsilon);
            w.setAtIndex(JAVA_FLOAT, wOffset + i, weight - step * learningRate);
        }
    }
}
