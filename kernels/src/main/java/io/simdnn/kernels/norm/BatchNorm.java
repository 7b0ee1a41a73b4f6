package io.simdnn.kernels.norm;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.internal.Workers;
import io.simdnn.kernels.internal.checks.BatchNormChecks;
import io.simdnn.kernels.reference.ReferenceBatchNorm;

/**
 * Batch normalization over a {@link ChannelShape} tensor {@code x} of {@code N x C x S}: every
 * channel c is normalized with statistics over its {@code M = N * S} values (all samples and
 * all spatial positions), then scaled by {@code gamma[c]} and shifted by {@code beta[c]}.
 *
 * <pre>
 * training:   mean[c] = (1/M) sum x                      (over n and s)
 *             var[c]  = (1/M) sum (x - mean)^2           biased: what normalizes the batch
 *             invStd[c] = 1 / sqrt(var + eps)
 *             y = (x - mean) * invStd * gamma + beta
 *             runningMean = (1 - momentum) runningMean + momentum mean
 *             runningVar  = (1 - momentum) runningVar  + momentum var * M / (M - 1)   unbiased, as in PyTorch
 * inference:  y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta
 * backward:   xhat = (x - mean) * invStd
 *             dbeta[c]  = sum dy
 *             dgamma[c] = sum dy * xhat
 *             dx = gamma * invStd * (dy - dbeta / M - xhat * dgamma / M)
 * </pre>
 *
 * <p>The variance is computed in two passes (mean first, then squared deviations), so a large
 * mean does not cancel the spread. With {@code M == 1} one value carries no information about the
 * spread: the batch is normalized with variance 0 (y = beta) and the running variance is left
 * unchanged (PyTorch refuses such a batch instead). The training pass saves {@code mean} and
 * {@code invStd} for the backward pass. Every operand starts at element 0 of its segment (slice
 * with {@code asSlice} for sub-buffers), as in {@code Conv2d} and {@code Pooling}; the channel
 * vectors hold C floats. {@code y} may be {@code x} itself (in place); any other overlap of two
 * operands is rejected with an {@link IllegalArgumentException} before anything is written. Results are bit-identical for every thread count: a channel is reduced by one
 * thread in a fixed order.
 */
public final class BatchNorm {
    /** PyTorch's default epsilon, added to the variance before the square root. */
    public static final float DEFAULT_EPSILON = 1e-5f;
    /** PyTorch's default momentum: the weight of the batch's statistics in the running ones. */
    public static final float DEFAULT_MOMENTUM = 0.1f;


    private BatchNorm() {}

    /**
     * Normalizes with the batch's statistics. Writes y ({@code N x C x S}; may be x itself), mean
     * and invStd (C each, saved for {@link #backward}), and updates runningMean and runningVar in
     * place (runningVar is left as it is when {@code M == 1}).
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
        if (!VectorSupport.isEnabled()) {
            ReferenceBatchNorm.trainingForward(s, epsilon, momentum, x, gamma, beta, y, mean, invStd, runningMean, runningVar);
            return;
        }
        ChannelSplit split = SPLITS.get();
        split.pass = Pass.TRAINING_FORWARD;
        split.s = s;
        split.epsilon = epsilon;
        split.momentum = momentum;
        split.x = x;
        split.gamma = gamma;
        split.beta = beta;
        split.y = y;
        split.mean = mean;
        split.invStd = invStd;
        split.runningMean = runningMean;
        split.runningVar = runningVar;
        split.run(Workers.workersCanAccess(x, gamma, beta) && Workers.workersCanAccess(y, mean, invStd)
                && Workers.workersCanAccess(runningMean, runningVar));
    }

    /**
     * Normalizes with the running statistics. Writes y only.
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
        if (!VectorSupport.isEnabled()) {
            ReferenceBatchNorm.inferenceForward(s, epsilon, x, gamma, beta, runningMean, runningVar, y);
            return;
        }
        ChannelSplit split = SPLITS.get();
        split.pass = Pass.INFERENCE_FORWARD;
        split.s = s;
        split.epsilon = epsilon;
        split.x = x;
        split.gamma = gamma;
        split.beta = beta;
        split.runningMean = runningMean;
        split.runningVar = runningVar;
        split.y = y;
        split.run(Workers.workersCanAccess(x, gamma, beta) && Workers.workersCanAccess(runningMean, runningVar, y));
    }

    /**
     * Gradients of the last training pass, given its input x and its saved mean and invStd:
     * overwrites dgamma and dbeta (C each) and, unless {@code dx} is null, dx (shape of x). The
     * outputs must not overlap the inputs or each other.
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
        if (!VectorSupport.isEnabled()) {
            ReferenceBatchNorm.backward(s, x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
            return;
        }
        MemorySegment gradient = dx == null ? dy : dx; // stands in for dx in the accessibility check
        ChannelSplit split = SPLITS.get();
        split.pass = Pass.BACKWARD;
        split.s = s;
        split.x = x;
        split.dy = dy;
        split.gamma = gamma;
        split.mean = mean;
        split.invStd = invStd;
        split.dx = dx;
        split.dgamma = dgamma;
        split.dbeta = dbeta;
        split.run(Workers.workersCanAccess(x, dy, gamma) && Workers.workersCanAccess(mean, invStd, gradient)
                && Workers.workersCanAccess(dgamma, dbeta));
    }

    /** {@code 1 / sqrt(variance + epsilon)} in float, the one rounding every vector path uses. */
    static float inverseStd(float variance, float epsilon) {
        return 1f / (float) Math.sqrt(variance + epsilon);
    }

    /**
     * Finishes channel c of a training pass from the sum of its squared deviations: writes
     * invStd[c] and updates the running statistics (mean[c] must already hold the batch mean).
     */
    static void storeStatistics(int c, float squaredDeviations, int valuesPerChannel, float epsilon, float momentum,
                                       MemorySegment mean, MemorySegment invStd, MemorySegment runningMean, MemorySegment runningVar) {
        float variance = squaredDeviations / valuesPerChannel;
        Buffers.set(invStd, c, inverseStd(variance, epsilon));
        float keep = 1 - momentum;
        Buffers.set(runningMean, c, keep * Buffers.get(runningMean, c) + momentum * Buffers.get(mean, c));
        if (valuesPerChannel > 1) {
            float unbiased = squaredDeviations / (valuesPerChannel - 1);
            Buffers.set(runningVar, c, keep * Buffers.get(runningVar, c) + momentum * unbiased);
        }
    }

    private enum Pass { TRAINING_FORWARD, INFERENCE_FORWARD, BACKWARD }

    private static final ThreadLocal<ChannelSplit> SPLITS = ThreadLocal.withInitial(ChannelSplit::new);

    /**
     * One call's split across the kernel threads: a task per channel (S &gt; 1: each channel is a
     * strided set of planes), or per block of Tuning.BATCH_NORM_ROW_BLOCK channels (S == 1: rows of C features,
     * vectorized across channels). Arguments travel in the fields of a per-thread instance
     * instead of a capturing lambda, so a call allocates nothing; the public methods set the
     * fields their pass reads.
     */
    private static final class ChannelSplit implements Workers.Task {
        Pass pass;
        ChannelShape s;
        float epsilon, momentum;
        MemorySegment x, gamma, beta, y, mean, invStd, runningMean, runningVar, dy, dx, dgamma, dbeta;

        void run(boolean workersReachSegments) {
            boolean rows = s.spatial() == 1;
            int tasks = rows ? (s.channels() + Tuning.BATCH_NORM_ROW_BLOCK - 1) / Tuning.BATCH_NORM_ROW_BLOCK : s.channels();
            try {
                Workers.parallelForIf(workersReachSegments, tasks, this);
            } finally {
                x = gamma = beta = y = mean = invStd = runningMean = runningVar = dy = dx = dgamma = dbeta = null;
            }
        }

        @Override
        public void run(int task) {
            if (s.spatial() == 1) {
                int from = task * Tuning.BATCH_NORM_ROW_BLOCK;
                int to = Math.min(s.channels(), from + Tuning.BATCH_NORM_ROW_BLOCK);
                switch (pass) {
                    case TRAINING_FORWARD -> BatchNormKernels.trainingForwardRows(s, from, to, epsilon, momentum, x, gamma, beta,
                            y, mean, invStd, runningMean, runningVar);
                    case INFERENCE_FORWARD -> BatchNormKernels.inferenceForwardRows(s, from, to, epsilon, x, gamma, beta,
                            runningMean, runningVar, y);
                    case BACKWARD -> BatchNormKernels.backwardRows(s, from, to, x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
                }
            } else {
                switch (pass) {
                    case TRAINING_FORWARD -> BatchNormKernels.trainingForwardChannel(s, task, epsilon, momentum, x, gamma, beta,
                            y, mean, invStd, runningMean, runningVar);
                    case INFERENCE_FORWARD -> BatchNormKernels.inferenceForwardChannel(s, task, epsilon, x, gamma, beta,
                            runningMean, runningVar, y);
                    case BACKWARD -> BatchNormKernels.backwardChannel(s, task, x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
                }
            }
        }
    }
}
