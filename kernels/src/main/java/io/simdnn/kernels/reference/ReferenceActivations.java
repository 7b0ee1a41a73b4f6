package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.internal.checks.ActivationChecks;

/** Scalar twin of {@link io.simdnn.kernels.elementwise.Activations}: same signatures, same contract. */
public final class ReferenceActivations {
    private ReferenceActivations() {}

    /**
     * {@code y[i] = max(x[i], 0)} for {@code i < n} (NaN stays NaN). Writes y only; y may be x.
     *
     * @param n       elements, at least 0
     * @param x       input, read only
     * @param xOffset element index of x's first float
     * @param y       output, overwritten
     * @param yOffset element index of y's first float
     * @throws IllegalArgumentException if a vector does not fit its segment
     */
    public static void reluForward(long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        ActivationChecks.forward(n, "x", x, xOffset, "y", y, yOffset);
        for (long i = 0; i < n; i++) {
            float value = Buffers.get(x, xOffset + i);
            Buffers.set(y, yOffset + i, Math.max(value, 0f)); // NaN stays NaN, so a diverged step is visible
        }
    }

    /**
     * {@code dx[i] = x[i] > 0 ? dy[i] : 0} for {@code i < n}, x being the forward input. Writes dx only;
     * dx may be dy.
     *
     * @param n        elements, at least 0
     * @param x        the forward pass's input, read only
     * @param xOffset  element index of x's first float
     * @param dy       gradient of the output, read only
     * @param dyOffset element index of dy's first float
     * @param dx       gradient of the input, overwritten
     * @param dxOffset element index of dx's first float
     * @throws IllegalArgumentException if a vector does not fit its segment
     */
    public static void reluBackward(long n, MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                                    MemorySegment dx, long dxOffset) {
        ActivationChecks.backward(n, "x", x, xOffset, dy, dyOffset, dx, dxOffset);
        for (long i = 0; i < n; i++) {
            boolean active = Buffers.get(x, xOffset + i) > 0;
            Buffers.set(dx, dxOffset + i, active ? Buffers.get(dy, dyOffset + i) : 0f);
        }
    }

    /**
     * {@code y[i] = f(x[i])} for {@code i < n}, by {@link SmoothFunction#apply}. Writes y only; y may be x.
     *
     * @param f       the function
     * @param n       elements, at least 0
     * @param x       input, read only
     * @param xOffset element index of x's first float
     * @param y       output, overwritten
     * @param yOffset element index of y's first float
     * @throws IllegalArgumentException if a vector does not fit its segment
     * @throws NullPointerException if {@code f} is null
     */
    public static void smoothForward(SmoothFunction f, long n, MemorySegment x, long xOffset,
                                     MemorySegment y, long yOffset) {
        ActivationChecks.forward(n, "x", x, xOffset, "y", y, yOffset);
        for (long i = 0; i < n; i++) {
            Buffers.set(y, yOffset + i, f.apply(Buffers.get(x, xOffset + i)));
        }
    }

    /**
     * {@code dx[i] = dy[i] * f'(x[i])} for {@code i < n}, by {@link SmoothFunction#derivativeFromOutput}
     * of the forward output y. Writes dx only; dx may be dy (or y).
     *
     * @param f        the function of the forward pass
     * @param n        elements, at least 0
     * @param y        the forward pass's output, read only
     * @param yOffset  element index of y's first float
     * @param dy       gradient of the output, read only
     * @param dyOffset element index of dy's first float
     * @param dx       gradient of the input, overwritten
     * @param dxOffset element index of dx's first float
     * @throws IllegalArgumentException if a vector does not fit its segment
     * @throws NullPointerException if {@code f} is null
     */
    public static void smoothBackward(SmoothFunction f, long n, MemorySegment y, long yOffset,
                                      MemorySegment dy, long dyOffset, MemorySegment dx, long dxOffset) {
        ActivationChecks.backward(n, "y", y, yOffset, dy, dyOffset, dx, dxOffset);
        for (long i = 0; i < n; i++) {
            Buffers.set(dx, dxOffset + i, Buffers.get(dy, dyOffset + i) * f.derivativeFromOutput(Buffers.get(y, yOffset + i)));
        }
    }
}
