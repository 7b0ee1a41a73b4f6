package io.simdnn.nn.train;

/** The loss became NaN or infinite; training stopped before the bad step touched the weights. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
