package io.simdnn.nn.train;

import java.util.Locale;

/**
 * Learning rate per epoch: constant, exponential decay ({@code lr * decay^epoch}), or cosine
 * annealing from lr to 0 over the planned epochs.
 *
 * @param kind    the shape of the schedule
 * @param initial the rate of epoch 0, finite and above 0
 * @param decay   the factor per epoch of {@link Kind#EXPONENTIAL}, in (0, 1] (ignored otherwise)
 * @param epochs  the planned epochs, over which {@link Kind#COSINE} anneals; at least 1
 */
public record LearningRateSchedule(Kind kind, float initial, float decay, int epochs) {
    /** The shape of a schedule. */
    public enum Kind {
        /** {@code lr} in every epoch. */
        CONSTANT,
        /** {@code lr * decay^epoch}. */
        EXPONENTIAL,
        /** {@code lr * (1 + cos(pi * epoch / epochs)) / 2}: from lr down to 0 at the planned end. */
        COSINE
    }

    /**
     * Validates the numbers.
     *
     * @throws IllegalArgumentException if the rate is not finite and positive, an exponential decay
     *         is outside (0, 1], or epochs is below 1
     */
    public LearningRateSchedule {
        if (!(initial > 0) || !Float.isFinite(initial)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + initial);
        }
        if (kind == Kind.EXPONENTIAL && !(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("learning-rate decay per epoch must be in (0, 1], got " + decay);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("schedule needs >= 1 epoch, got " + epochs);
        }
    }

    /**
     * The rate of an epoch.
     *
     * @param epoch the epoch, 0-based (may exceed the planned epochs)
     * @return the learning rate
     */
    public float at(int epoch) {
        return switch (kind) {
            case CONSTANT -> initial;
            case EXPONENTIAL -> (float) (initial * Math.pow(decay, epoch));
            case COSINE -> (float) (initial * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs)));
        };
    }

    /**
     * The kind of a name, ignoring case and surrounding blanks.
     *
     * @param name {@code constant}, {@code exponential} or {@code cosine}
     * @return the kind
     * @throws IllegalArgumentException naming the accepted names, for any other
     */
    public static Kind parseKind(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown schedule '" + name + "' (constant, exponential, cosine)");
        }
    }

    /**
     * The schedule, for logs.
     *
     * @return e.g. {@code lr=0.05 cosine over 13 epochs}
     */
    @Override
    public String toString() {
        return switch (kind) {
            case CONSTANT -> "lr=" + initial;
            case EXPONENTIAL -> "lr=" + initial + " x " + decay + "^epoch";
            case COSINE -> "lr=" + initial + " cosine over " + epochs + " epochs";
        };
    }
}
