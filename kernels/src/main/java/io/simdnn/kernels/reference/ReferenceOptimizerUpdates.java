package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.checks.OptimizerChecks;

/** Scalar twin of {@code OptimizerUpdates}, term by term as the formulas read. */
public final class ReferenceOptimizerUpdates {
    private ReferenceOptimizerUpdates() {}

    public static void sgdMomentum(long n, float learningRate, float momentum, float l2,
                                   MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                   MemorySegment v, long vOffset) {
        OptimizerChecks.validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float velocity = Buffers.get(v, vOffset + i) * momentum - gradient * learningRate;
            Buffers.set(v, vOffset + i, velocity);
            Buffers.set(w, wOffset + i, weight + velocity);
        }
    }

    public static void averagedMomentum(long n, float learningRate, float momentum, float l2,
                                        MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                        MemorySegment m, long mOffset) {
        OptimizerChecks.validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, m, mOffset);
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float average = Buffers.get(m, mOffset + i) * momentum + gradient * (1 - momentum);
            Buffers.set(m, mOffset + i, average);
            Buffers.set(w, wOffset + i, weight - average * learningRate);
        }
    }

    public static void nesterov(long n, float learningRate, float momentum, float l2,
                                MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                MemorySegment v, long vOffset) {
        OptimizerChecks.validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float velocity = Buffers.get(v, vOffset + i) * momentum + gradient;
            Buffers.set(v, vOffset + i, velocity);
            Buffers.set(w, wOffset + i, weight - (gradient + velocity * momentum) * learningRate);
        }
    }

    public static void adam(long n, float learningRate, float beta1, float beta2, float epsilon, float l2, long t,
                            MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                            MemorySegment m, long mOffset, MemorySegment v, long vOffset) {
        OptimizerChecks.validate(n, learningRate, beta1, l2, w, wOffset, g, gOffset, m, mOffset);
        float correction1 = (float) (1 - Math.pow(beta1, t));
        float correction2 = (float) (1 - Math.pow(beta2, t));
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float first = Buffers.get(m, mOffset + i) * beta1 + gradient * (1 - beta1);
            float second = Buffers.get(v, vOffset + i) * beta2 + gradient * gradient * (1 - beta2);
            Buffers.set(m, mOffset + i, first);
            Buffers.set(v, vOffset + i, second);
            float step = (first / correction1) / ((float) Math.sqrt(second / correction2) + epsilon);
            Buffers.set(w, wOffset + i, weight - step * learningRate);
        }
    }
}
