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
    }
}
