package io.simdnn.nn.train;

import java.util.Locale;

/** The validation measure that early stopping and "best weights" follow. */
public enum Monitor {
    /** Validation data loss (cross-entropy, without the L2 penalty); lower is better. */
    LOSS,
    /** Validation accuracy; higher is better. */
    ACCURACY;

    /**
     * This monitor's value in an epoch's statistics.
     *
     * @param stats a validated epoch's statistics
     * @return its validation data loss or accuracy (never including the L2 penalty)
     */
    public double measure(EpochStats stats) {
        return this == LOSS ? stats.validationLoss() : stats.validationAccuracy();
    }

    /**
     * Whether {@code candidate} is strictly better than {@code best}. A tie is no improvement: on a
     * plateau the earlier weights are kept and patience runs out.
     *
     * @param candidate the new epoch's value
     * @param best      the best value so far
     * @return {@code true} if the candidate is lower (loss) or higher (accuracy)
     */
    public boolean improves(double candidate, double best) {
        return this == LOSS ? candidate < best : candidate > best;
    }

    /**
     * A value every real measurement improves on.
     *
     * @return positive infinity for loss, negative infinity for accuracy
     */
    public double worst() {
        return this == LOSS ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * The monitor of a name, ignoring case and surrounding blanks.
     *
     * @param name {@code loss} or {@code accuracy}
     * @return the monitor
     * @throws IllegalArgumentException naming the accepted names, for any other
     */
    public static Monitor parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown monitor '" + name + "' (loss, accuracy)");
        }
    }

    /**
     * The name, as {@link #parse} reads it.
     *
     * @return {@code loss} or {@code accuracy}
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
