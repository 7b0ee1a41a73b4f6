package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.internal.checks.BatchNormChecks;

/**
 * Scalar twin of {@code BatchNorm}: the textbook formulas per channel, straight loops over
 * (n, s), double accumulators and double arithmetic, one rounding to float per stored value.
 */
public final class ReferenceBatchNorm {
    private ReferenceBatchNorm() {}

    private static float x(MemorySegment t, ChannelShape s, int n, int c, int i) {
        return Buffers.get(t, (long) s.runStart(n, c) + i);
    }

    private static double channelMean(ChannelShape s, MemorySegment t, int c) {
        double sum = 0;
        for (int n = 0; n < s.batch(); n++) {
            for (int i = 0; i < s.spatial(); i++) {
                sum += x(t, s, n, c, i);
            }
        }
        return sum / s.valuesPerChannel();
    }

    /**
     * The training pass of {@code BatchNorm} in double: writes y (may be x), mean and invStd, and
     * updates the running statistics (runningVar only when {@code M > 1}).
     *
     * @param s           the tensor's geometry
     * @param epsilon     added to the variance, finite and &gt; 0
     * @param momentum    weight of the batch statistics in the running ones, in [0, 1]
     * @param x           input, {@code N x C x S}, read only
     * @param gamma       scale, C, read only
     * @param beta        shift, C, read only
     * @param y           output, {@code N x C x S}, overwritten; may be x
     * @param mean        receives the batch mean per channel, C
     * @param invStd      receives {@code 1 / sqrt(var + epsilon)} per channel, C
     * @param runningMean running mean, C, updated
     * @param runningVar  running (unbiased) variance, C, updated
     * @throws IllegalArgumentException if epsilon or momentum is out of range or a segment is too
     *         small; nothing is written then
     */
    public static void trainingForward(ChannelShape s, float epsilon, float momentum, MemorySegment x, MemorySegment gamma,
                                       MemorySegment beta, MemorySegment y, MemorySegment mean, MemorySegment invStd,
                                       MemorySegment runningMean, MemorySegment runningVar) {
        BatchNormChecks.checkTraining(s, epsilon, momentum, x, gamma, beta, y, mean, invStd, runningMean, runningVar);
        int m = s.valuesPerChannel();
        for (int c = 0; c < s.channels(); c++) {
            double mu = channelMean(s, x, c);
            double squares = 0;
            for (int n = 0; n < s.batch(); n++) {
                for (int i = 0; i < s.spatial(); i++) {
                    double d = x(x, s, n, c, i) - mu;
                    squares += d * d;
                }
            }
            double variance = squares / m;
            double inverse = 1 / Math.sqrt(variance + epsilon);
            for (int n = 0; n < s.batch(); n++) {
                for (int i = 0; i < s.spatial(); i++) {
                    double xhat = (x(x, s, n, c, i) - mu) * inverse;
                    Buffers.set(y, (long) s.runStart(n, c) + i, (float) (xhat * Buffers.get(gamma, c) + Buffers.get(beta, c)));
                }
            }
            Buffers.set(mean, c, (float) mu);
            Buffers.set(invStd, c, (float) inverse);
            Buffers.set(runningMean, c, (float) ((1 - momentum) * Buffers.get(runningMean, c) + momentum * mu));
            if (m > 1) { // one value says nothing about the spread: keep the running variance
                Buffers.set(runningVar, c, (float) ((1 - momentum) * Buffers.get(runningVar, c) + momentum * squares / (m - 1)));
            }
        }
    }

    /**
     * The inference pass of {@code BatchNorm} in double, from the running statistics. Writes y only.
     *
     * @param s           the tensor's geometry
     * @param epsilon     added to the variance, finite and &gt; 0
     * @param x           input, {@code N x C x S}, read only
     * @param gamma       scale, C, read only
     * @param beta        shift, C, read only
     * @param runningMean running mean, C, read only
     * @param runningVar  running variance, C, read only
     * @param y           output, {@code N x C x S}, overwritten; may be x
     * @throws IllegalArgumentException if epsilon is out of range or a segment is too small
     */
    public static void inferenceForward(ChannelShape s, float epsilon, MemorySegment x, MemorySegment gamma, MemorySegment beta,
                                        MemorySegment runningMean, MemorySegment runningVar, MemorySegment y) {
        BatchNormChecks.checkInference(s, epsilon, x, gamma, beta, runningMean, runningVar, y);
        for (int c = 0; c < s.channels(); c++) {
            double inverse = 1 / Math.sqrt((double) Buffers.get(runningVar, c) + epsilon);
            for (int n = 0; n < s.batch(); n++) {
                for (int i = 0; i < s.spatial(); i++) {
                    double xhat = (x(x, s, n, c, i) - (double) Buffers.get(runningMean, c)) * inverse;
                    Buffers.set(y, (long) s.runStart(n, c) + i, (float) (xhat * Buffers.get(gamma, c) + Buffers.get(beta, c)));
                }
            }
        }
    }

    /**
     * The backward pass of {@code BatchNorm} in double: overwrites dgamma, dbeta and, unless dx is
     * null, dx.
     *
     * @param s      the geometry of the training pass
     * @param x      that pass's input, {@code N x C x S}, read only
     * @param dy     gradient of its output, {@code N x C x S}, read only
     * @param gamma  scale, C, read only
     * @param mean   the mean the pass saved, C, read only
     * @param invStd the inverse deviation the pass saved, C, read only
     * @param dx     gradient of the input, {@code N x C x S}, overwritten; null to skip it
     * @param dgamma gradient of gamma, C, overwritten
     * @param dbeta  gradient of beta, C, overwritten
     * @throws IllegalArgumentException if a segment is too small; nothing is written then
     */
    public static void backward(ChannelShape s, MemorySegment x, MemorySegment dy, MemorySegment gamma, MemorySegment mean,
                                MemorySegment invStd, MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta) {
        BatchNormChecks.checkBackward(s, x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
        int m = s.valuesPerChannel();
        for (int c = 0; c < s.channels(); c++) {
            double mu = Buffers.get(mean, c);
            double inverse = Buffers.get(invStd, c);
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int n = 0; n < s.batch(); n++) {
                for (int i = 0; i < s.spatial(); i++) {
                    double g = x(dy, s, n, c, i);
                    sumDy += g;
                    sumDyXhat += g * (x(x, s, n, c, i) - mu) * inverse;
                }
            }
            Buffers.set(dbeta, c, (float) sumDy);
            Buffers.set(dgamma, c, (float) sumDyXhat);
            if (dx != null) {
                double scale = Buffers.get(gamma, c) * inverse;
                for (int n = 0; n < s.batch(); n++) {
                    for (int i = 0; i < s.spatial(); i++) {
                        double xhat = (x(x, s, n, c, i) - mu) * inverse;
                        double g = x(dy, s, n, c, i);
                        Buffers.set(dx, (long) s.runStart(n, c) + i, (float) (scale * (g - sumDy / m - xhat * sumDyXhat / m)));
                    }
                }
            }
        }
    }
}
