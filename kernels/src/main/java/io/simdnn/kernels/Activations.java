package io.simdnn.kernels;

import io.simdnn.kernels.internal.Checks;
import io.simdnn.kernels.reference.ReferenceActivations;
import java.lang.foreign.MemorySegment;

/**
 * Element-wise activations over {@code n} consecutive floats, forward and backward.
 *
 * <p>ReLU's backward pass takes its mask from the forward <em>input</em> x ({@code x > 0}), not
 * the output: the two agree everywhere (y > 0 exactly when x > 0), but keeping x lets a layer
 * apply ReLU in place over a buffer it does not own without losing the mask, and it makes the
 * subgradient at 0 explicit (0, as in PyTorch). Outputs may alias inputs element for element
 * (same segment and offset); partial overlaps are the caller's error.
 */
public final class Activations {
    private Activations() {}

    /** {@code y[i] = max(x[i], 0)} for {@code i < n}. Writes y only. */
    public static void reluForward(long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        Checks.vector("x", x, xOffset, n);
        Checks.vector("y", y, yOffset, n);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.reluForward(n, x, xOffset, y, yOffset);
            return;
        }
        ElementwiseSplit.run(ElementwiseSplit.Pass.RELU_FORWARD, n, x, xOffset, x, xOffset, y, yOffset);
    }

    /** {@code dx[i] = x[i] > 0 ? dy[i] : 0} for {@code i < n}, x being the forward input. Writes dx only. */
    public static void reluBackward(long n, MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                                    MemorySegment dx, long dxOffset) {
        Checks.vector("x", x, xOffset, n);
        Checks.vector("dy", dy, dyOffset, n);
        Checks.vector("dx", dx, dxOffset, n);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.reluBackward(n, x, xOffset, dy, dyOffset, dx, dxOffset);
            return;
        }
        ElementwiseSplit.run(ElementwiseSplit.Pass.RELU_BACKWARD, n, x, xOffset, dy, dyOffset, dx, dxOffset);
    }

    /** The smooth activations; backward passes use the forward output y (cheaper than recomputing). */
    public enum Smooth {
        /** {@code y = tanh(x)}, {@code dy/dx = 1 - y^2}. */
        TANH,
        /** {@code y = 1 / (1 + exp(-x))}, {@code dy/dx = y (1 - y)}. */
        SIGMOID,
        /** LeCun's {@code y = 1.7159 tanh(2x/3)}, {@code dy/dx = (2/3)(1.7159 - y^2 / 1.7159)}. */
        SCALED_TANH;

        /** The scalar definition, used by the reference and the vector kernels' tails. */
        public float apply(float x) {
            return switch (this) {
                case TANH -> (float) Math.tanh(x);
                case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
                case SCALED_TANH -> (float) (SCALE * Math.tanh(x * (2.0 / 3)));
            };
        }

        /** Derivative expressed through the output y. */
        public float derivativeFromOutput(float y) {
            return switch (this) {
                case TANH -> 1 - y * y;
                case SIGMOID -> y * (1 - y);
                case SCALED_TANH -> (float) ((2.0 / 3) * (SCALE - y * y / SCALE));
            };
        }
    }

    /** The scaled tanh's amplitude, 1.7159 (so that f(1) = 1 and f(-1) = -1). */
    public static final float SCALE = 1.7159f;

    /** {@code y[i] = f(x[i])} for {@code i < n}. Writes y only. */
    public static void smoothForward(Smooth f, long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        java.util.Objects.requireNonNull(f, "activation");
        Checks.vector("x", x, xOffset, n);
        Checks.vector("y", y, yOffset, n);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.smoothForward(f, n, x, xOffset, y, yOffset);
            return;
        }
        ElementwiseKernels.smoothForward(f, n, x, xOffset, y, yOffset);
    }

    /** {@code dx[i] = dy[i] * f'(x[i])} computed from the forward output y. Writes dx only. */
    public static void smoothBackward(Smooth f, long n, MemorySegment y, long yOffset, MemorySegment dy, long dyOffset,
                                      MemorySegment dx, long dxOffset) {
        java.util.Objects.requireNonNull(f, "activation");
        Checks.vector("y", y, yOffset, n);
        Checks.vector("dy", dy, dyOffset, n);
        Checks.vector("dx", dx, dxOffset, n);
        if (!VectorSupport.isEnabled()) {
            ReferenceActivations.smoothBackward(f, n, y, yOffset, dy, dyOffset, dx, dxOffset);
            return;
        }
        ElementwiseKernels.smoothBackward(f, n, y, yOffset, dy, dyOffset, dx, dxOffset);
    }
}
