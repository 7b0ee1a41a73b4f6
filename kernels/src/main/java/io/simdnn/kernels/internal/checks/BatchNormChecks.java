package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.ChannelShape;

/** The argument contract of the batch-norm kernels and their references: every argument, before anything is written. */
public final class BatchNormChecks {
    private BatchNormChecks() {}


    private static void checkEpsilon(float epsilon) {
        if (!(epsilon > 0) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException("batch norm epsilon must be finite and > 0, got " + epsilon);
        }
    }

    private static void checkChannels(ChannelShape s, String name, MemorySegment segment) {
        if (!Checks.fits(segment, 0, s.channels())) { // the message names the shape: built only on failure
            Checks.vector(name + " (one per channel of " + s + ")", segment, 0, s.channels());
        }
    }

    private static void checkTensor(ChannelShape s, String name, MemorySegment segment) {
        if (!Checks.fits(segment, 0, s.size())) {
            Checks.vector(name + " (" + s + ")", segment, 0, s.size());
        }
    }

    /** every argument, before anything is written. */
    public static void checkTraining(ChannelShape s, float epsilon, float momentum, MemorySegment x, MemorySegment gamma,
                                     MemorySegment beta, MemorySegment y, MemorySegment mean, MemorySegment invStd,
                                     MemorySegment runningMean, MemorySegment runningVar) {
        checkEpsilon(epsilon);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch norm momentum must be in [0, 1], got " + momentum);
        }
        checkTensor(s, "input x", x);
        checkTensor(s, "output y", y);
        checkChannels(s, "gamma", gamma);
        checkChannels(s, "beta", beta);
        checkChannels(s, "saved mean", mean);
        checkChannels(s, "saved invStd", invStd);
        checkChannels(s, "running mean", runningMean);
        checkChannels(s, "running variance", runningVar);
        int size = s.size(), c = s.channels();
        Checks.sameOrDisjoint("output y", y, 0, "input x", x, 0, size);
        channelOutputDisjoint(s, "saved mean", mean, x, gamma, beta, y);
        channelOutputDisjoint(s, "saved invStd", invStd, x, gamma, beta, y);
        channelOutputDisjoint(s, "running mean", runningMean, x, gamma, beta, y);
        channelOutputDisjoint(s, "running variance", runningVar, x, gamma, beta, y);
        Checks.disjoint("output y", y, size, "gamma", gamma, c);
        Checks.disjoint("output y", y, size, "beta", beta, c);
        Checks.disjoint("saved mean", mean, c, "saved invStd", invStd, c);
        Checks.disjoint("saved mean", mean, c, "running mean", runningMean, c);
        Checks.disjoint("saved mean", mean, c, "running variance", runningVar, c);
        Checks.disjoint("saved invStd", invStd, c, "running mean", runningMean, c);
        Checks.disjoint("saved invStd", invStd, c, "running variance", runningVar, c);
        Checks.disjoint("running mean", runningMean, c, "running variance", runningVar, c);
    }

    /** A per-channel output must share no memory with the tensors and the parameters. */
    private static void channelOutputDisjoint(ChannelShape s, String name, MemorySegment out, MemorySegment x,
                                              MemorySegment gamma, MemorySegment beta, MemorySegment y) {
        int c = s.channels();
        Checks.disjoint(name, out, c, "input x", x, s.size());
        Checks.disjoint(name, out, c, "output y", y, s.size());
        Checks.disjoint(name, out, c, "gamma", gamma, c);
        Checks.disjoint(name, out, c, "beta", beta, c);
    }

    public static void checkInference(ChannelShape s, float epsilon, MemorySegment x, MemorySegment gamma, MemorySegment beta,
                                      MemorySegment runningMean, MemorySegment runningVar, MemorySegment y) {
        checkEpsilon(epsilon);
        checkTensor(s, "input x", x);
        checkTensor(s, "output y", y);
        checkChannels(s, "gamma", gamma);
        checkChannels(s, "beta", beta);
        checkChannels(s, "running mean", runningMean);
        checkChannels(s, "running variance", runningVar);
        int size = s.size(), c = s.channels();
        Checks.sameOrDisjoint("output y", y, 0, "input x", x, 0, size);
        Checks.disjoint("output y", y, size, "gamma", gamma, c);
        Checks.disjoint("output y", y, size, "beta", beta, c);
        Checks.disjoint("output y", y, size, "running mean", runningMean, c);
        Checks.disjoint("output y", y, size, "running variance", runningVar, c);
    }

    public static void checkBackward(ChannelShape s, MemorySegment x, MemorySegment dy, MemorySegment gamma, MemorySegment mean,
                                     MemorySegment invStd, MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta) {
        checkTensor(s, "input x", x);
        checkTensor(s, "output gradient dy", dy);
        if (dx != null) {
            checkTensor(s, "input gradient dx", dx);
        }
        checkChannels(s, "gamma", gamma);
        checkChannels(s, "saved mean", mean);
        checkChannels(s, "saved invStd", invStd);
        checkChannels(s, "gamma gradient", dgamma);
        checkChannels(s, "beta gradient", dbeta);
        int size = s.size(), c = s.channels();
        if (dx != null) {
            Checks.disjoint("input gradient dx", dx, size, "input x", x, size);
            Checks.disjoint("input gradient dx", dx, size, "output gradient dy", dy, size);
            Checks.disjoint("input gradient dx", dx, size, "gamma", gamma, c);
            Checks.disjoint("input gradient dx", dx, size, "saved mean", mean, c);
            Checks.disjoint("input gradient dx", dx, size, "saved invStd", invStd, c);
            Checks.disjoint("input gradient dx", dx, size, "gamma gradient", dgamma, c);
            Checks.disjoint("input gradient dx", dx, size, "beta gradient", dbeta, c);
        }
        channelGradientDisjoint(s, "gamma gradient", dgamma, x, dy, gamma, mean, invStd);
        channelGradientDisjoint(s, "beta gradient", dbeta, x, dy, gamma, mean, invStd);
        Checks.disjoint("gamma gradient", dgamma, c, "beta gradient", dbeta, c);
    }

    /** A parameter gradient must share no memory with any input of the backward pass. */
    private static void channelGradientDisjoint(ChannelShape s, String name, MemorySegment out, MemorySegment x, MemorySegment dy,
                                                MemorySegment gamma, MemorySegment mean, MemorySegment invStd) {
        int c = s.channels();
        Checks.disjoint(name, out, c, "input x", x, s.size());
        Checks.disjoint(name, out, c, "output gradient dy", dy, s.size());
        Checks.disjoint(name, out, c, "gamma", gamma, c);
        Checks.disjoint(name, out, c, "saved mean", mean, c);
        Checks.disjoint(name, out, c, "saved invStd", invStd, c);
    }
}
