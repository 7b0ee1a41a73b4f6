package io.simdnn.nn.train;

/**
 * The loss became NaN or infinite (training stopped before the bad step touched the weights), or an
 * epoch's mean loss passed {@link Trainer#divergenceBound()}. The last checkpoint written (after
 * epoch {@code epoch - 1}) is the last good state.
 */
public final class TrainingDivergedException extends RuntimeException {
    /** The 1-based epoch in which the loss diverged. */
    private final int epoch;

    /**
     * An exception for a run that diverged in {@code epoch}.
     *
     * @param epoch   the 1-based epoch in which the loss diverged
     * @param message what happened and what to try
     */
    public TrainingDivergedException(int epoch, String message) {
        super(message);
        this.epoch = epoch;
    }

    /**
     * The epoch in which the loss diverged.
     *
     * @return the epoch, 1-based
     */
    public int epoch() {
        return epoch;
    }
}
