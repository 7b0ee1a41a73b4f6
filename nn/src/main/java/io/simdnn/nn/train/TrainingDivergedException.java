package io.simdnn.nn.train;

/**
 * The loss became NaN or infinite; training stopped before the bad step touched the weights. The
 * last checkpoint written (after epoch {@code epoch - 1}) is the last good state.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;

    public TrainingDivergedException(int epoch, String message) {
        super(message);
        this.epoch = epoch;
    }

    /** The 1-based epoch in which the loss diverged. */
    public int epoch() {
        return epoch;
    }
}
