package io.simdnn.nn.train;

/**
 * Follows the best epoch by a {@link Monitor} and says when {@code patience} epochs have passed
 * without improvement ({@code patience == 0}: never). Its state is two numbers, which a checkpoint
 * stores, so a resumed run stops exactly where the uninterrupted one would.
 *
 * <p>Without a validation set ({@link #lastEpoch}) there is nothing to select by: every epoch
 * becomes the "best" as it ends, so the run keeps its last weights and never stops early.
 */
final class EarlyStopping {
    private final Monitor monitor;
    private final int patience;
    private final boolean validating;
    private int bestEpoch;
    private double bestValue;

    /** Starts from a known best ({@code bestEpoch == 0}: none yet, {@code bestValue} then {@link Monitor#worst()}). */
    EarlyStopping(Monitor monitor, int patience, int bestEpoch, double bestValue) {
        this(monitor, patience, true, bestEpoch, bestValue);
    }

    private EarlyStopping(Monitor monitor, int patience, boolean validating, int bestEpoch, double bestValue) {
        this.monitor = monitor;
        this.patience = patience;
        this.validating = validating;
        this.bestEpoch = bestEpoch;
        this.bestValue = bestValue;
    }

    /** For training without validation: the last epoch is always the one kept, and nothing stops early. */
    static EarlyStopping lastEpoch(int epochsDone) {
        return new EarlyStopping(Monitor.LOSS, 0, false, epochsDone, Double.NaN);
    }

    /** Records epoch {@code epoch} (1-based); returns whether it is the new best. */
    boolean offer(int epoch, EpochStats stats) {
        if (!validating) {
            bestEpoch = epoch;
            return true;
        }
        double value = monitor.measure(stats);
        if (!monitor.improves(value, bestValue)) {
            return false;
        }
        bestEpoch = epoch;
        bestValue = value;
        return true;
    }

    /** Whether training should stop after epoch {@code epoch} (1-based). */
    boolean shouldStop(int epoch) {
        return patience > 0 && epoch - bestEpoch >= patience;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestValue() {
        return bestValue;
    }
}
