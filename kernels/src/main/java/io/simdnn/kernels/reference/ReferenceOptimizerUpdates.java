package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.checks.OptimizerChecks;

/** Scalar twin of {@code OptimizerUpdates}, term by term as the formulas read. */
public final class ReferenceOptimizerUpdates {
    private ReferenceOptimizerUpdates() {}

    /**
     * Classical momentum, term by term: {@code g' = g + 2 l2 w; v = momentum v - lr g'; w = w + v}.
     * Writes w and v.
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
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float velocity = Buffers.get(v, vOffset + i) * momentum - gradient * learningRate;
            Buffers.set(v, vOffset + i, velocity);
            Buffers.set(w, wOffset + i, weight + velocity);
        }
    }

    /**
     * Averaged momentum, term by term: {@code g' = g + 2 l2 w; m = mu m + (1 - mu) g'; w = w - lr m}.
     * Writes w and m.
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
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float average = Buffers.get(m, mOffset + i) * momentum + gradient * (1 - momentum);
            Buffers.set(m, mOffset + i, average);
            Buffers.set(w, wOffset + i, weight - average * learningRate);
        }
    }

    /**
     * Nesterov momentum, term by term: {@code g' = g + 2 l2 w; v = mu v + g'; w = w - lr (g' + mu v)}.
     * Writes w and v.
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
        for (long i = 0; i < n; i++) {
            float weight = Buffers.get(w, wOffset + i);
            float gradient = Buffers.get(g, gOffset + i) + weight * (2 * l2);
            float velocity = Buffers.get(v, vOffset + i) * momentum + gradient;
            Buffers.set(v, vOffset + i, velocity);
            Buffers.set(w, wOffset + i, weight - (gradient + velocity * momentum) * learningRate);
        }
    }

    /**
     * Adam with bias correction at step t, term by term as in {@code OptimizerUpdates.adam}. Writes
     * w, m and v.
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
