package io.simdnn.nn.train;

/**
 * Follows the best epoch by a {@link Monitor} and says when {@code patience} epochs have passed
 * without improvement ({@code patience == 0}: never). Its state is two numbers, which a checkpoint
 * stores, so a resumed run stops exactly where the uninterrupted one would.
 */
final class EarlyStopping {
    private final Monitor monitor;
    private final int patience;
    private int bestEpoch;
    private double bestValue;

    /** Starts from a known best ({@code bestEpoch == 0}: none yet, {@code bestValue} then {@link Monitor#worst()}). */
    EarlyStopping(Monitor monitor, int patience, int bestEpoch, double bestValue) {
        this.monitor = monitor;
        this.patience = patience;
        this.bestEpoch = bestEpoch;
        this.bestValue = bestValue;
    }

    /** Records epoch {@code epoch} (1-based); returns whether it is the new best. */
    boolean offer(int epoch, EpochStats stats) {
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
