package io.simdnn.nn.train;

import java.util.List;

/**
 * Everything besides the model's weights and optimizer moments that training needs to continue
 * exactly where it stopped: the shuffling and the learning-rate schedule are functions of the seed
 * and {@code epochsDone}, Adam's bias correction of {@code optimizerSteps}, early stopping of the
 * best epoch and value.
 *
 * @param epochsDone     finished epochs
 * @param optimizerSteps optimizer steps taken so far
 * @param bestEpoch      the best epoch so far by the monitor (1-based; 0 = none yet); without
 *                       validation, the last finished epoch
 * @param bestValue      the monitor's value at {@code bestEpoch} (NaN without validation)
 * @param stoppedEarly   early stopping ended the run; resuming trains no further
 * @param history        the statistics of every finished epoch
 * @param bestWeights    the parameter values of {@code bestEpoch}, in {@code Model.params()} order;
 *                       null when there is no best yet or the model's current weights are the best
 */
public record TrainingState(int epochsDone, long optimizerSteps, int bestEpoch, double bestValue, boolean stoppedEarly,
                            List<EpochStats> history, List<float[]> bestWeights) {
    /**
     * Validates and copies the state.
     *
     * @throws IllegalArgumentException if a count is negative, the best epoch is after the last
     *         finished one, or the history's length is not {@code epochsDone}
     */
    public TrainingState {
        if (epochsDone < 0 || optimizerSteps < 0 || bestEpoch < 0 || bestEpoch > epochsDone) {
            throw new IllegalArgumentException("inconsistent training state: " + epochsDone + " epochs done, "
                    + optimizerSteps + " steps, best epoch " + bestEpoch);
        }
        if (history.size() != epochsDone) {
            throw new IllegalArgumentException("training state has " + history.size() + " epochs of history for "
                    + epochsDone + " finished epochs");
        }
        history = List.copyOf(history);
        bestWeights = bestWeights == null ? null : List.copyOf(bestWeights);
    }

    /**
     * The state before the first epoch.
     *
     * @param monitor the measure the run will follow, whose {@link Monitor#worst()} is the initial best value
     * @return no epochs, no steps, no best epoch
     */
    public static TrainingState initial(Monitor monitor) {
        return new TrainingState(0, 0, 0, monitor.worst(), false, List.of(), null);
    }
}
