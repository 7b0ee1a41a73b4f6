package io.simdnn.kernels.norm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.internal.ChannelKernels;

/**
 * Vector bodies of {@link BatchNorm}, in two layouts. With {@code spatial > 1} (convolution
 * outputs) a task owns one channel and vectorizes along its runs ({@link ChannelKernels}); with
 * {@code spatial == 1} (dense features) a channel's values are a column, so a task owns a block
 * of channels and vectorizes across them, row after row, accumulating into the per-channel output
 * buffers. Either way every channel is reduced by one task in a fixed order, so results do not
 * depend on the thread count. Arguments are validated by {@link BatchNorm}.
 */
final class BatchNormKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private BatchNormKernels() {}

    /*
     * Vector loads are written out (FloatVector.fromMemorySegment, which the JDK forces inline)
     * rather than through a private helper: C2 inlines such a helper only while its inlining budget
     * for the calling method lasts, and returns the vector boxed when it does not. Whether the
     * budget lasts depends on the JVM's compilation order, so a training step would allocate in
     * some JVMs and not in others.
     */

    private static float get(MemorySegment segment, long index) {
        return segment.getAtIndex(Buffers.FLOAT, index);
    }

    private static void set(MemorySegment segment, long index, float value) {
        segment.setAtIndex(Buffers.FLOAT, index, value);
    }

    // ---- spatial > 1: one channel per task -------------------------------------------------

    static void trainingForwardChannel(ChannelShape s, int c, float epsilon, float momentum, MemorySegment x,
                                       MemorySegment gamma, MemorySegment beta, MemorySegment y, MemorySegment mean,
                                       MemorySegment invStd, MemorySegment runningMean, MemorySegment runningVar) {
        int length = s.spatial();
        double sum = 0;
        for (int n = 0; n < s.batch(); n++) {
            sum += ChannelKernels.runSum(x, s.runStart(n, c), length);
        }
        float mu = (float) (sum / s.valuesPerChannel());
        double squares = 0;
        for (int n = 0; n < s.batch(); n++) {
            squares += ChannelKernels.runCenteredDot(x, x, s.runStart(n, c), length, mu);
        }
        set(mean, c, mu);
        BatchNorm.storeStatistics(c, (float) squares, s.valuesPerChannel(), epsilon, momentum, mean, invStd, runningMean, runningVar);
        float scale = get(gamma, c) * get(invStd, c);
        float shift = get(beta, c);
        for (int n = 0; n < s.batch(); n++) {
            ChannelKernels.runAffine(x, y, s.runStart(n, c), length, mu, scale, shift);
        }
    }

    static void inferenceForwardChannel(ChannelShape s, int c, float epsilon, MemorySegment x, MemorySegment gamma,
                                        MemorySegment beta, MemorySegment runningMean, MemorySegment runningVar, MemorySegment y) {
        float scale = get(gamma, c) * BatchNorm.inverseStd(get(runningVar, c), epsilon);
        float center = get(runningMean, c);
        float shift = get(beta, c);
        for (int n = 0; n < s.batch(); n++) {
            ChannelKernels.runAffine(x, y, s.runStart(n, c), s.spatial(), center, scale, shift);
        }
    }

    static void backwardChannel(ChannelShape s, int c, MemorySegment x, MemorySegment dy, MemorySegment gamma,
                                MemorySegment mean, MemorySegment invStd, MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta) {
        int length = s.spatial();
        float mu = get(mean, c);
        double sumDy = 0;
        double sumDyCentered = 0;
        for (int n = 0; n < s.batch(); n++) {
            sumDy += ChannelKernels.runSum(dy, s.runStart(n, c), length);
            sumDyCentered += ChannelKernels.runCenteredDot(dy, x, s.runStart(n, c), length, mu);
        }
        float is = get(invStd, c);
        float db = (float) sumDy;
        float dg = (float) sumDyCentered * is;
        set(dbeta, c, db);
        set(dgamma, c, dg);
        if (dx != null) {
            float perValue = -1f / s.valuesPerChannel();
            float a = get(gamma, c) * is;
            float b = a * is * dg * perValue;
            float shift = a * db * perValue;
            for (int n = 0; n < s.batch(); n++) {
                ChannelKernels.runTwoInputAffine(dy, x, dx, s.runStart(n, c), length, mu, a, b, shift);
            }
        }
    }

    // ---- spatial == 1: channels [from, to) of every row per task ------------------------------

    static void trainingForwardRows(ChannelShape s, int from, int to, float epsilon, float momentum, MemorySegment x,
                                    MemorySegment gamma, MemorySegment beta, MemorySegment y, MemorySegment mean,
                                    MemorySegment invStd, MemorySegment runningMean, MemorySegment runningVar) {
        int channels = s.channels();
        int width = to - from;
        int bound = from + SPECIES.loopBound(width);
        // column sums into mean (float, rows in order), then the mean
        Buffers.fillZero(mean, from, width);
        for (int r = 0; r < s.batch(); r++) {
            long row = (long) r * channels;
            int c = from;
            for (; c < bound; c += LANES) {
                FloatVector sum = FloatVector.fromMemorySegment(SPECIES, mean, c * F, ORDER);
                sum.add(FloatVector.fromMemorySegment(SPECIES, x, (row + c) * F, ORDER)).intoMemorySegment(mean, c * F, ORDER);
            }
            for (; c < to; c++) {
                set(mean, c, get(mean, c) + get(x, row + c));
            }
        }
        for (int c = from; c < to; c++) {
            set(mean, c, get(mean, c) / s.batch());
        }
        // squared deviations accumulate in invStd until storeStatistics turns them into 1/std
        Buffers.fillZero(invStd, from, width);
        for (int r = 0; r < s.batch(); r++) {
            long row = (long) r * channels;
            int c = from;
            for (; c < bound; c += LANES) {
                FloatVector value = FloatVector.fromMemorySegment(SPECIES, x, (row + c) * F, ORDER);
                FloatVector centered = value.sub(FloatVector.fromMemorySegment(SPECIES, mean, c * F, ORDER));
                FloatVector squares = FloatVector.fromMemorySegment(SPECIES, invStd, c * F, ORDER);
                squares.add(centered.mul(centered)).intoMemorySegment(invStd, c * F, ORDER);
            }
            for (; c < to; c++) {
                float centered = get(x, row + c) - get(mean, c);
                set(invStd, c, get(invStd, c) + centered * centered);
            }
        }
        for (int c = from; c < to; c++) {
            BatchNorm.storeStatistics(c, get(invStd, c), s.batch(), epsilon, momentum, mean, invStd, runningMean, runningVar);
        }
        for (int r = 0; r < s.batch(); r++) {
            long row = (long) r * channels;
            int c = from;
            for (; c < bound; c += LANES) {
                FloatVector scale = FloatVector.fromMemorySegment(SPECIES, gamma, c * F, ORDER)
                        .mul(FloatVector.fromMemorySegment(SPECIES, invStd, c * F, ORDER));
                FloatVector value = FloatVector.fromMemorySegment(SPECIES, x, (row + c) * F, ORDER);
                FloatVector centered = value.sub(FloatVector.fromMemorySegment(SPECIES, mean, c * F, ORDER));
                FloatVector shift = FloatVector.fromMemorySegment(SPECIES, beta, c * F, ORDER);
                centered.mul(scale).add(shift).intoMemorySegment(y, (row + c) * F, ORDER);
            }
            for (; c < to; c++) {
                float scale = get(gamma, c) * get(invStd, c);
                set(y, row + c, (get(x, row + c) - get(mean, c)) * scale + get(beta, c));
            }
        }
    }

    static void inferenceForwardRows(ChannelShape s, int from, int to, float epsilon, MemorySegment x, MemorySegment gamma,
                                     MemorySegment beta, MemorySegment runningMean, MemorySegment runningVar, MemorySegment y) {
        int channels = s.channels();
        int bound = from + SPECIES.loopBound(to - from);
        for (int r = 0; r < s.batch(); r++) {
            long row = (long) r * channels;
            int c = from;
            for (; c < bound; c += LANES) {
                // the same operations as BatchNorm.inverseStd, so vector lanes and the tail agree
                FloatVector variance = FloatVector.fromMemorySegment(SPECIES, runningVar, c * F, ORDER);
                FloatVector inverse = FloatVector.broadcast(SPECIES, 1f).div(variance.add(epsilon).lanewise(VectorOperators.SQRT));
                FloatVector scale = FloatVector.fromMemorySegment(SPECIES, gamma, c * F, ORDER).mul(inverse);
                FloatVector value = FloatVector.fromMemorySegment(SPECIES, x, (row + c) * F, ORDER);
                FloatVector centered = value.sub(FloatVector.fromMemorySegment(SPECIES, runningMean, c * F, ORDER));
                FloatVector shift = FloatVector.fromMemorySegment(SPECIES, beta, c * F, ORDER);
                centered.mul(scale).add(shift).intoMemorySegment(y, (row + c) * F, ORDER);
            }
            for (; c < to; c++) {
                float scale = get(gamma, c) * BatchNorm.inverseStd(get(runningVar, c), epsilon);
                set(y, row + c, (get(x, row + c) - get(runningMean, c)) * scale + get(beta, c));
            }
        }
    }

    /**
     * Backward pass for channels [from, to) of rows of C features (S == 1). Vector lanes hold 16
     * channels; for each such block the sums run down the rows in registers and the block's
     * coefficients are computed once, so the loops over rows touch only x, dy and dx. Rows are
     * added in order 0, 1, ... in every lane and in the scalar tail, as in the reference.
     */
    static void backwardRows(ChannelShape s, int from, int to, MemorySegment x, MemorySegment dy, MemorySegment gamma,
                             MemorySegment mean, MemorySegment invStd, MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta) {
        int channels = s.channels();
        int bound = from + SPECIES.loopBound(to - from);
        float perValue = -1f / s.batch();
        int c = from;
        for (; c < bound; c += LANES) {
            FloatVector channelMean = FloatVector.fromMemorySegment(SPECIES, mean, c * F, ORDER);
            FloatVector betaSum = FloatVector.zero(SPECIES);
            FloatVector gammaSum = FloatVector.zero(SPECIES);
            for (long index = c, end = (long) s.batch() * channels; index < end; index += channels) {
                FloatVector gradient = FloatVector.fromMemorySegment(SPECIES, dy, index * F, ORDER);
                betaSum = betaSum.add(gradient);
                FloatVector value = FloatVector.fromMemorySegment(SPECIES, x, index * F, ORDER);
                gammaSum = gammaSum.add(gradient.mul(value.sub(channelMean)));
            }
            FloatVector is = FloatVector.fromMemorySegment(SPECIES, invStd, c * F, ORDER);
            gammaSum = gammaSum.mul(is);
            betaSum.intoMemorySegment(dbeta, c * F, ORDER);
            gammaSum.intoMemorySegment(dgamma, c * F, ORDER);
            if (dx != null) {
                FloatVector a = FloatVector.fromMemorySegment(SPECIES, gamma, c * F, ORDER).mul(is);
                FloatVector b = a.mul(is).mul(gammaSum).mul(perValue);
                FloatVector shift = a.mul(betaSum).mul(perValue);
                for (long index = c, end = (long) s.batch() * channels; index < end; index += channels) {
                    FloatVector scaled = FloatVector.fromMemorySegment(SPECIES, dy, index * F, ORDER).mul(a);
                    FloatVector value = FloatVector.fromMemorySegment(SPECIES, x, index * F, ORDER);
                    value.sub(channelMean).mul(b).add(scaled).add(shift).intoMemorySegment(dx, index * F, ORDER);
                }
            }
        }
        for (; c < to; c++) {
            float channelMean = get(mean, c);
            float betaSum = 0;
            float gammaSum = 0;
            for (long index = c, end = (long) s.batch() * channels; index < end; index += channels) {
                float gradient = get(dy, index);
                betaSum += gradient;
                gammaSum += gradient * (get(x, index) - channelMean);
            }
            float is = get(invStd, c);
            gammaSum *= is;
            set(dbeta, c, betaSum);
            set(dgamma, c, gammaSum);
            if (dx != null) {
                float a = get(gamma, c) * is;
                float b = a * is * gammaSum * perValue;
                float shift = a * betaSum * perValue;
                for (long index = c, end = (long) s.batch() * channels; index < end; index += channels) {
                    float scaled = get(dy, index) * a;
                    set(dx, index, (get(x, index) - channelMean) * b + scaled + shift);
                }
            }
        }
    }
}
