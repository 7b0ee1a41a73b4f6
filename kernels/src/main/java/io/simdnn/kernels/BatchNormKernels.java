package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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

    private static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER);
    }

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
                load(mean, c).add(load(x, row + c)).intoMemorySegment(mean, c * F, ORDER);
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
                FloatVector centered = load(x, row + c).sub(load(mean, c));
                load(invStd, c).add(centered.mul(centered)).intoMemorySegment(invStd, c * F, ORDER);
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
                FloatVector scale = load(gamma, c).mul(load(invStd, c));
                load(x, row + c).sub(load(mean, c)).mul(scale).add(load(beta, c)).intoMemorySegment(y, (row + c) * F, ORDER);
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
                FloatVector inverse = FloatVector.broadcast(SPECIES, 1f).div(load(runningVar, c).add(epsilon).lanewise(VectorOperators.SQRT));
                FloatVector scale = load(gamma, c).mul(inverse);
                load(x, row + c).sub(load(runningMean, c)).mul(scale).add(load(beta, c)).intoMemorySegment(y, (row + c) * F, ORDER);
            }
            for (; c < to; c++) {
                float scale = get(gamma, c) * BatchNorm.inverseStd(get(runningVar, c), epsilon);
                set(y, row + c, (get(x, row + c) - get(runningMean, c)) * scale + get(beta, c));
            }
        }
    }

    static void backwardRows(ChannelShape s, int from, int to, MemorySegment x, MemorySegment dy, MemorySegment gamma,
                             MemorySegment mean, MemorySegment invStd, MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta) {
        int channels = s.channels();
        int width = to - from;
        int bound = from + SPECIES.loopBound(width);
        Buffers.fillZero(dbeta, from, width);
        Buffers.fillZero(dgamma, from, width);
        for (int r = 0; r < s.batch(); r++) {
            long row = (long) r * channels;
            int c = from;
            for (; c < bound; c += LANES) {
                FloatVector gradient = load(dy, row + c);
                load(dbeta, c).add(gradient).intoMemorySegment(dbeta, c * F, ORDER);
                load(dgamma, c).add(gradient.mul(load(x, row + c).sub(load(mean, c)))).intoMemorySegment(dgamma, c * F, ORDER);
            }
            for (; c < to; c++) {
                float gradient = get(dy, row + c);
                set(dbeta, c, get(dbeta, c) + gradient);
                set(dgamma, c, get(dgamma, c) + gradient * (get(x, row + c) - get(mean, c)));
            }
        }
        for (int c = from; c < to; c++) {
            set(dgamma, c, get(dgamma, c) * get(invStd, c));
        }
        if (dx == null) {
            return;
        }
        float perValue = -1f / s.batch();
        for (int r = 0; r < s.batch(); r++) {
            long row = (long) r * channels;
            int c = from;
            for (; c < bound; c += LANES) {
                FloatVector is = load(invStd, c);
                FloatVector a = load(gamma, c).mul(is);
                FloatVector b = a.mul(is).mul(load(dgamma, c)).mul(perValue);
                FloatVector shift = a.mul(load(dbeta, c)).mul(perValue);
                FloatVector scaled = load(dy, row + c).mul(a);
                load(x, row + c).sub(load(mean, c)).mul(b).add(scaled).add(shift).intoMemorySegment(dx, (row + c) * F, ORDER);
            }
            for (; c < to; c++) {
                float is = get(invStd, c);
                float a = get(gamma, c) * is;
                float b = a * is * get(dgamma, c) * perValue;
                float shift = a * get(dbeta, c) * perValue;
                float scaled = get(dy, row + c) * a;
                set(dx, row + c, (get(x, row + c) - get(mean, c)) * b + scaled + shift);
            }
        }
    }
}
