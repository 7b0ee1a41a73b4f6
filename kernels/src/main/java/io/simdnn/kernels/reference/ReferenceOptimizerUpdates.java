package io.simdnn.kernels.reference;

import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.OptimizerUpdates;
import java.lang.foreign.MemorySegment;

/** Scalar twin of {@link OptimizerUpdates}, term by term as the formulas read. */
public final class ReferenceOptimizerUpdates {
    private ReferenceOptimizerUpdates() {}

    public static void sgdMomentum(long n, float learningRate, float momentum, float l2,
                                   MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                   MemorySegment v, long vOffset) {
        OptimizerUpdates.validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float velocity = Buffers.get(v, vOffset + i) * momentum - gradient * learningRate;
            Buffers.set(v, vOffset + i, velocity);
            Buffers.set(w, wOffset + i, weight + velocity);
        }
    }
}
