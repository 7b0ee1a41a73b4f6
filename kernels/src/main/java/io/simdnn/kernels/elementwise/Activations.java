package io.simdnn.kernels.elementwise;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.checks.ActivationChecks;
import io.simdnn.kernels.reference.ReferenceActivations;

/**
 * Element-wise activations over {@code n} consecutive floats, forward and backward.
 *
 * <p>ReLU's backward pass takes its mask from the forward <em>input</em> x ({@code x > 0}), not
 * the output: the two agree everywhere (y &gt; 0 exactly when x &gt; 0), but keeping x lets a layer
 * apply ReLU in place over a buffer it does not own without losing the mask, and it makes the
 * subgradient at 0 explicit (0, as in PyTorch). Outputs may alias inputs element for element
 * (same memory, same first element); any other overlap is rejected with an
 * {@link IllegalArgumentException}, as is a segment that is not 4-byte aligned. Every argument is
 * checked before anything is written.
 */
public final class Activations {
    private Activations() {}

    /**
     * {@code y[i] = max(x[i], 0)} for {@code i < n} (NaN stays NaN). Writes y only; y may be x.
     *
     * @param n       elements, at least 0
     * @param x       input, read only
     * @param xOffset element index of x's first float
     * @param y       output, overwritten
     * @param yOffset element index of y's first float
     * @throws IllegalArgumentException if a vector does not fit its segment, is misaligned or partially overlaps another
     */
    public static void reluForward(long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        ActivationChecks.forward(n, "x", x, xOffset, "y", y, yOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.reluForward(n, x, xOffset, y, yOffset);
            return;
        }
        ReluSplit.forward().split(n, x, xOffset, x, xOffset, y, yOffset);
    }

    /**
     * {@code dx[i] = x[i] > 0 ? dy[i] : 0} for {@code i < n}, x being the forward input: x = +-0 and
     * x = NaN pass no gradient, in every lane, bit for bit as the reference. Writes dx
     * only; dx may be dy.
     *
     * @param n        elements, at least 0
     * @param x        the forward pass's input, read only
     * @param xOffset  element index of x's first float
     * @param dy       gradient of the output, read only
     * @param dyOffset element index of dy's first float
     * @param dx       gradient of the input, overwritten
     * @param dxOffset element index of dx's first float
     * @throws IllegalArgumentException if a vector does not fit its segment, is misaligned or partially overlaps another
     */
    public static void reluBackward(long n, MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                                    MemorySegment dx, long dxOffset) {
        ActivationChecks.backward(n, "x", x, xOffset, dy, dyOffset, dx, dxOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.reluBackward(n, x, xOffset, dy, dyOffset, dx, dxOffset);
            return;
        }
        ReluSplit.backward().split(n, x, xOffset, dy, dyOffset, dx, dxOffset);
    }

    /**
     * {@code y[i] = f(x[i])} for {@code i < n}. Writes y only; y may be x.
     *
     * @param f       the function
     * @param n       elements, at least 0
     * @param x       input, read only
     * @param xOffset element index of x's first float
     * @param y       output, overwritten
     * @param yOffset element index of y's first float
     * @throws IllegalArgumentException if a vector does not fit its segment, is misaligned or partially overlaps another
     * @throws NullPointerException if {@code f} is null
     */
    public static void smoothForward(SmoothFunction f, long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        java.util.Objects.requireNonNull(f, "activation");
        ActivationChecks.forward(n, "x", x, xOffset, "y", y, yOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.smoothForward(f, n, x, xOffset, y, yOffset);
            return;
        }
        ActivationKernels.smoothForward(f, n, x, xOffset, y, yOffset);
    }

    /**
     * {@code dx[i] = dy[i] * f'(x[i])} for {@code i < n}, computed from the forward output y
     * ({@link SmoothFunction#derivativeFromOutput}). Writes dx only; dx may be dy (or y).
     *
     * @param f        the function of the forward pass
     * @param n        elements, at least 0
     * @param y        the forward pass's output, read only
     * @param yOffset  element index of y's first float
     * @param dy       gradient of the output, read only
     * @param dyOffset element index of dy's first float
     * @param dx       gradient of the input, overwritten
     * @param dxOffset element index of dx's first float
     * @throws IllegalArgumentException if a vector does not fit its segment, is misaligned or partially overlaps another
     * @throws NullPointerException if {@code f} is null
     */
    public static void smoothBackward(SmoothFunction f, long n, MemorySegment y, long yOffset, MemorySegment dy, long dyOffset,
                                      MemorySegment dx, long dxOffset) {
        java.util.Objects.requireNonNull(f, "activation");
        ActivationChecks.backward(n, "y", y, yOffset, dy, dyOffset, dx, dxOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.smoothBackward(f, n, y, yOffset, dy, dyOffset, dx, dxOffset);
            return;
        }
        ActivationKernels.smoothBackward(f, n, y, yOffset, dy, dyOffset, dx, dxOffset);
    }
}
