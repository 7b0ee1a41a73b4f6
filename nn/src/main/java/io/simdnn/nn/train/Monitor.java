package io.simdnn.nn.train;

import java.util.Locale;

/** The validation measure that early stopping and "best weights" follow. */
public enum Monitor {
    /** Validation loss (data + L2); lower is better. */
    LOSS,
    /** Validation accuracy; higher is better. */
    ACCURACY;

    /** This monitor's value in an epoch's statistics. */
    public double measure(EpochStats stats) {
        return this == LOSS ? stats.validationLoss() : stats.validationAccuracy();
    }

    /**
     * Whether {@code candidate} is strictly better than {@code best}. A tie is no improvement: on a
     * plateau the earlier weights are kept and patience runs out.
     */
    public boolean improves(double candidate, double best) {
        return this == LOSS ? candidate < best : candidate > best;
    }

    /** A value every real measurement improves on. */
    public double worst() {
        return this == LOSS ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    public static Monitor parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown monitor '" + name + "' (loss, accuracy)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
