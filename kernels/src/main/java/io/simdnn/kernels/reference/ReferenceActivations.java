package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.internal.checks.Checks;

/** Scalar twin of {@link io.simdnn.kernels.elementwise.Activations}: same signatures, same contract. */
public final class ReferenceActivations {
    private ReferenceActivations() {}

    public static void reluForward(long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        Checks.vector("x", x, xOffset, n);
        Checks.vector("y", y, yOffset, n);
        for (long i = 0; i < n; i++) {
            float value = Buffers.get(x, xOffset + i);
            Buffers.set(y, yOffset + i, Math.max(value, 0f)); // NaN stays NaN, so a diverged step is visible
        }
    }

    public static void reluBackward(long n, MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                                    MemorySegment dx, long dxOffset) {
        Checks.vector("x", x, xOffset, n);
        Checks.vector("dy", dy, dyOffset, n);
        Checks.vector("dx", dx, dxOffset, n);
        for (long i = 0; i < n; i++) {
            boolean active = Buffers.get(x, xOffset + i) > 0;
            Buffers.set(dx, dxOffset + i, active ? Buffers.get(dy, dyOffset + i) : 0f);
        }
    }

    public static void smoothForward(SmoothFunction f, long n, MemorySegment x, long xOffset,
                                     MemorySegment y, long yOffset) {
        Checks.vector("x", x, xOffset, n);
        Checks.vector("y", y, yOffset, n);
        for (long i = 0; i < n; i++) {
            Buffers.set(y, yOffset + i, f.apply(Buffers.get(x, xOffset + i)));
        }
    }

    public static void smoothBackward(SmoothFunction f, long n, MemorySegment y, long yOffset,
                                      MemorySegment dy, long dyOffset, MemorySegment dx, long dxOffset) {
        Checks.vector("y", y, yOffset, n);
        Checks.vector("dy", dy, dyOffset, n);
        Checks.vector("dx", dx, dxOffset, n);
        for (long i = 0; i < n; i++) {
            Buffers.set(dx, dxOffset + i, Buffers.get(dy, dyOffset + i) * f.derivativeFromOutput(Buffers.get(y, yOffset + i)));
        }
    }
}
