package io.simdnn.kernels.optim;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.checks.OptimizerChecks;
import io.simdnn.kernels.reference.ReferenceOptimizerUpdates;

/**
 * Fused optimizer steps over a parameter vector w, its gradient g and the optimizer's state, all
 * {@code n} floats long: one pass over memory instead of one per term. L2 regularization
 * {@code lambda * ||w||^2} enters as its gradient {@code 2 lambda w}. Long momentum updates are
 * split across the kernel threads; results do not depend on the thread count.
 *
 * <p>Each vector is a segment and the element offset of its first float. w and the state vectors
 * are updated in place; g is only read. Arguments are checked before anything is written: a
 * non-finite hyper-parameter, a vector that does not fit its segment or is misaligned, or any two
 * of w, g and the state vectors sharing memory is an {@link IllegalArgumentException}.
 */
public final class OptimizerUpdates {
    private OptimizerUpdates() {}

    /**
     * Classical momentum: {@code g' = g + 2 l2 w; v = momentum v - lr g'; w = w + v}. With
     * {@code momentum == 0} this is plain SGD. Writes w and v; g is only read.
     *
     * @param n            elements of every vector, at least 0
     * @param learningRate step size lr, finite
     * @param momentum     momentum mu, finite (0 to 1 in practice)
     * @param l2           L2 coefficient lambda, finite; 0 for none
     * @param w            weights, updated in place
     * @param wOffset      element index of w's first float
     * @param g            gradient of the data loss, read only
     * @param gOffset      element index of g's first float
     * @param v            velocity, updated in place (zeros before the first step)
     * @param vOffset      element index of v's first float
     * @throws IllegalArgumentException if an argument is invalid; nothing is written then
     */
    public static void sgdMomentum(long n, float learningRate, float momentum, float l2,
                                   MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                   MemorySegment v, long vOffset) {
        OptimizerChecks.validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceOptimizerUpdates.sgdMomentum(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
            return;
        }
        MomentumSplit.run(MomentumSplit.Rule.SGD, n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
    }

    /**
     * Averaged (exponential moving average) momentum: {@code g' = g + 2 l2 w; m = mu m + (1 - mu) g';
     * w = w - lr m}. Writes w and m; g is only read.
     *
     * @param n            elements of every vector, at least 0
     * @param learningRate step size lr, finite
     * @param momentum     momentum mu, finite (0 to 1 in practice)
     * @param l2           L2 coefficient lambda, finite; 0 for none
     * @param w            weights, updated in place
     * @param wOffset      element index of w's first float
     * @param g            gradient of the data loss, read only
     * @param gOffset      element index of g's first float
     * @param m            moving average of the gradient, updated in place (zeros before the first step)
     * @param mOffset      element index of m's first float
     * @throws IllegalArgumentException if an argument is invalid; nothing is written then
     */
    public static void averagedMomentum(long n, float learningRate, float momentum, float l2,
                                        MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                        MemorySegment m, long mOffset) {
        OptimizerChecks.validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, m, mOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceOptimizerUpdates.averagedMomentum(n, learningRate, momentum, l2, w, wOffset, g, gOffset, m, mOffset);
            return;
        }
        MomentumSplit.run(MomentumSplit.Rule.AVERAGED, n, learningRate, momentum, l2, w, wOffset, g, gOffset, m, mOffset);
    }

    /**
     * Nesterov momentum (the PyTorch formulation): {@code g' = g + 2 l2 w; v = mu v + g';
     * w = w - lr (g' + mu v)}. Writes w and v; g is only read.
     *
     * @param n            elements of every vector, at least 0
     * @param learningRate step size lr, finite
     * @param momentum     momentum mu, finite (0 to 1 in practice)
     * @param l2           L2 coefficient lambda, finite; 0 for none
     * @param w            weights, updated in place
     * @param wOffset      element index of w's first float
     * @param g            gradient of the data loss, read only
     * @param gOffset      element index of g's first float
     * @param v            velocity, updated in place (zeros before the first step)
     * @param vOffset      element index of v's first float
     * @throws IllegalArgumentException if an argument is invalid; nothing is written then
     */
    public static void nesterov(long n, float learningRate, float momentum, float l2,
                                MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                                MemorySegment v, long vOffset) {
        OptimizerChecks.validate(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceOptimizerUpdates.nesterov(n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
            return;
        }
        MomentumSplit.run(MomentumSplit.Rule.NESTEROV, n, learningRate, momentum, l2, w, wOffset, g, gOffset, v, vOffset);
    }

    /**
     * Adam with bias correction at step {@code t >= 1}: {@code g' = g + 2 l2 w; m = b1 m + (1 - b1) g';
     * v = b2 v + (1 - b2) g'^2; w = w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}. Writes
     * w, m and v; g is only read. (L2 enters the gradient, as in classic Adam, not as decoupled
     * weight decay.)
     *
     * @param n            elements of every vector, at least 0
     * @param learningRate step size lr, finite
     * @param beta1        decay b1 of the first moment, finite (0.9 is usual)
     * @param beta2        decay b2 of the second moment, finite (0.999 is usual)
     * @param epsilon      added to the denominator, finite (1e-8 is usual)
     * @param l2           L2 coefficient lambda, finite; 0 for none
     * @param t            the step number, 1 for the first step
     * @param w            weights, updated in place
     * @param wOffset      element index of w's first float
     * @param g            gradient of the data loss, read only
     * @param gOffset      element index of g's first float
     * @param m            first moment, updated in place (zeros before step 1)
     * @param mOffset      element index of m's first float
     * @param v            second moment, updated in place (zeros before step 1)
     * @param vOffset      element index of v's first float
     * @throws IllegalArgumentException if an argument is invalid; nothing is written then
     */
    public static void adam(long n, float learningRate, float beta1, float beta2, float epsilon, float l2, long t,
                            MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                            MemorySegment m, long mOffset, MemorySegment v, long vOffset) {
        OptimizerChecks.validateAdam(n, learningRate, beta1, beta2, epsilon, l2, t, w, wOffset, g, gOffset, m, mOffset, v, vOffset);
        if (!VectorSupport.isEnabled()) {
            ReferenceOptimizerUpdates.adam(n, learningRate, beta1, beta2, epsilon, l2, t, w, wOffset, g, gOffset, m, mOffset, v, vOffset);
            return;
        }
        OptimizerKernels.adam(n, learningRate, beta1, beta2, epsilon, l2, t, w, wOffset, g, gOffset, m, mOffset, v, vOffset);
    }

    /** 1 - beta^t, the Adam bias correction, computed once per step in double. */
    static float biasCorrection(float beta, long t) {
        return (float) (1 - Math.pow(beta, t));
    }
}
