package io.simdnn.nn.train;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.loss.SoftmaxCrossEntropy;
import io.simdnn.nn.Model;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.tensor.BatchBuffer;
import io.simdnn.nn.tensor.Tensor;

/**
 * Runs epochs of shuffled mini-batches and validates after each. It keeps the weights of the best
 * epoch by the {@link Monitor} (validation loss or accuracy), stops early when that has not
 * improved for {@code patience} epochs, and ends with the best weights in the model. After every
 * epoch it hands its {@link TrainingState} to an {@link EpochCheckpoint}, and {@link #fit(Dataset,
 * Dataset, Listener, TrainingState, EpochCheckpoint)} continues from such a state with exactly the
 * numbers an uninterrupted run would produce. A NaN or infinite loss stops training at once,
 * before the bad batch updates the weights; an epoch whose mean training or validation loss passes
 * {@link #divergenceBound()} ends the run too, before its checkpoint is written. Every step reuses the same buffers.
 *
 * <p>Every loss it reports is the data loss (mean cross-entropy): {@link #evaluate} and the
 * epochs' training and validation losses leave the L2 penalty out, and {@link EpochStats#l2Penalty()}
 * gives it separately; the monitor compares data losses too. Without a validation set (pass
 * null) nothing selects or stops: the run keeps its last epoch's weights, and a patience above 0
 * is refused.
 */
public final class Trainer {
    /** Called after every batch and every epoch; the CLI draws its progress bar and writes its log from these. */
    public interface Listener {
        /**
         * Called after every training step.
         *
         * @param epoch            the epoch, 0-based
         * @param batch            the batch within the epoch, 0-based
         * @param batches          batches in the epoch
         * @param runningLoss      the mean data loss of the epoch so far
         * @param samplesPerSecond training speed of the epoch so far
         */
        default void batchDone(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond) {}

        /**
         * Called after every epoch, once its checkpoint is saved.
         *
         * @param stats what the epoch measured
         */
        default void epochDone(EpochStats stats) {}

        /**
         * One listener that calls each of {@code listeners} in order.
         *
         * @param listeners the listeners (copied)
         * @return a listener that forwards every call to each of them
         */
        static Listener all(List<Listener> listeners) {
            List<Listener> copy = List.copyOf(listeners);
            return new Listener() {
                @Override
                public void batchDone(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond) {
                    for (Listener listener : copy) {
                        listener.batchDone(epoch, batch, batches, runningLoss, samplesPerSecond);
                    }
                }

                @Override
                public void epochDone(EpochStats stats) {
                    for (Listener listener : copy) {
                        listener.epochDone(stats);
                    }
                }
            };
        }
    }

    /**
     * Receives the training state after every epoch, before the listeners hear of the epoch. An
     * implementation writes it somewhere durable; a failure to do so should stop training (throw).
     */
    public interface EpochCheckpoint {
        /** Saves nothing. */
        EpochCheckpoint NONE = state -> {};

        /**
         * Stores the state after an epoch.
         *
         * @param state the training state; the model's weights and moments are read from the model itself
         */
        void save(TrainingState state);
    }

    /**
     * Training settings; {@code patience == 0} disables early stopping (the best weights by
     * {@code monitor} are still restored at the end).
     *
     * @param epochs    epochs to train, at least 1
     * @param batchSize samples per step, at least 1 and at most the model's maximum batch
     * @param seed      seed of the shuffling
     * @param patience  epochs without improvement of the monitored value before stopping; 0: never stop early
     * @param monitor   what selects the best epoch: validation data loss or accuracy
     * @param augmentation how training batches vary their samples (drawn from the seed)
     */
    public record Settings(int epochs, int batchSize, long seed, int patience, Monitor monitor, Augmentation augmentation) {
        /**
         * Validates the numbers.
         *
         * @throws IllegalArgumentException if epochs or the batch size is below 1, or patience below 0
         * @throws NullPointerException     if the monitor or the augmentation is null
         */
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0, got " + patience);
            }
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(augmentation, "augmentation");
        }

        /**
         * Settings without augmentation.
         *
         * @param epochs    epochs to train, at least 1
         * @param batchSize samples per step, at least 1
         * @param seed      seed of the shuffling
         * @param patience  epochs without improvement before stopping; 0: never stop early
         * @param monitor   what selects the best epoch
         */
        public Settings(int epochs, int batchSize, long seed, int patience, Monitor monitor) {
            this(epochs, batchSize, seed, patience, monitor, Augmentation.NONE);
        }

        /**
         * Settings that follow the validation data loss.
         *
         * @param epochs    epochs to train, at least 1
         * @param batchSize samples per step, at least 1
         * @param seed      seed of the shuffling
         * @param patience  epochs without improvement before stopping; 0: never stop early
         */
        public Settings(int epochs, int batchSize, long seed, int patience) {
            this(epochs, batchSize, seed, patience, Monitor.LOSS);
        }
    }

    /**
     * What training produced: per-epoch statistics and which epoch's weights the model now holds.
     *
     * @param epochs       the statistics of every epoch, resumed ones included
     * @param bestEpoch    the epoch (1-based) whose weights the model holds: the best by the
     *                     monitor, or the last without validation
     * @param stoppedEarly whether early stopping ended the run before the planned epochs
     */
    public record Result(List<EpochStats> epochs, int bestEpoch, boolean stoppedEarly) {}

    /** Mixed into the seed so that shuffling draws a different stream than initialization and the split. */
    private static final long SHUFFLE_SEED_MIX = 0x5DEECE66DL;
    /** Mixed into the seed so that augmentation's choices do not follow the shuffle's. */
    private static final long AUGMENTATION_SEED_MIX = 0x2545F4914F6CDD1DL;

    /**
     * How many times the loss of a uniform guess ({@code ln classes}, where every run starts) an
     * epoch's mean data loss may reach before the run counts as diverged. A mean loss of
     * {@code 100 ln C} (230 for 10 classes) gives the true class a probability of {@code e^-230} on
     * average: the logits have exploded and the run will not recover; a healthy run, even a poor
     * one, stays within a few times {@code ln C}. Finite but huge losses (1e13 after Adam with a
     * huge learning rate) would otherwise count as a finished run.
     */
    public static final double DIVERGENCE_FACTOR = 100;

    private final Model model;
    private final SoftmaxCrossEntropyLoss loss;
    private final Optimizer optimizer;
    private final Settings settings;
    private final BatchBuffer input;
    private final BatchBuffer gradLogits;
    private final int[] batchLabels;
    private final int[] batchPredictions;

    /**
     * A trainer of {@code model}, which allocates its batch buffers in the model's arena.
     *
     * @param model     the model to train; its weights are updated in place
     * @param loss      the loss (its L2 coefficient should be the optimizer's)
     * @param optimizer the optimizer
     * @param settings  epochs, batch size, seed, patience and monitor
     * @throws IllegalArgumentException if the batch size exceeds the model's maximum batch
     */
    public Trainer(Model model, SoftmaxCrossEntropyLoss loss, Optimizer optimizer, Settings settings) {
        if (settings.batchSize() > model.maxBatch()) {
            throw new IllegalArgumentException("batch size " + settings.batchSize() + " exceeds the model's " + model.maxBatch());
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.settings = settings;
        int[] inputShape = model.inputShape();
        int[] batched = new int[inputShape.length + 1];
        batched[0] = settings.batchSize();
        System.arraycopy(inputShape, 0, batched, 1, inputShape.length);
        this.input = new BatchBuffer(model.allocate(batched));
        this.gradLogits = new BatchBuffer(model.allocate(settings.batchSize(), model.classes()));
        this.batchLabels = new int[settings.batchSize()];
        this.batchPredictions = new int[settings.batchSize()];
    }

    /**
     * Trains from the start, without checkpoints.
     *
     * @param train      the training samples, shuffled every epoch by the seed
     * @param validation the samples validated after every epoch, or null to train without validation
     * @param listener   hears of every step and epoch
     * @return the epochs' statistics and the epoch whose weights the model holds
     * @throws TrainingDivergedException if a loss becomes NaN or infinite, or an epoch's mean loss passes {@link #divergenceBound()}
     * @throws IllegalArgumentException if validation is null and the patience is above 0
     */
    public Result fit(Dataset train, Dataset validation, Listener listener) {
        return fit(train, validation, listener, TrainingState.initial(settings.monitor()), EpochCheckpoint.NONE);
    }

    /**
     * Trains from {@code from} (the model and optimizer moments must already hold that state's
     * weights) until {@code settings.epochs()} epochs are done or early stopping ends the run,
     * passing the state after every epoch to {@code checkpoint}.
     *
     * @param train      the training samples, shuffled every epoch by the seed
     * @param validation the samples validated after every epoch, or null to train without validation
     *                   (then the last epoch's weights are kept and nothing stops early)
     * @param listener   hears of every step and epoch
     * @param from       the state to continue from ({@link TrainingState#initial} for a fresh run)
     * @param checkpoint receives the state after every epoch, before the listener does
     * @return the statistics of every epoch (those of {@code from} included) and the epoch whose
     *         weights the model now holds
     * @throws TrainingDivergedException if a loss becomes NaN or infinite, or an epoch's mean loss
     *         passes {@link #divergenceBound()} (no checkpoint of that epoch is written; the weights then hold
     *         the last finished step's values)
     * @throws IllegalArgumentException if validation is null and the patience is above 0, or the
     *         augmentation is a flip and the training samples are not images
     */
    public Result fit(Dataset train, Dataset validation, Listener listener, TrainingState from, EpochCheckpoint checkpoint) {
        if (validation == null && settings.patience() > 0) {
            throw new IllegalArgumentException("early stopping (patience " + settings.patience()
                    + ") needs a validation set to watch; without one, use patience 0");
        }
        Batches batches = new Batches(train, settings.batchSize(), settings.augmentation(),
                settings.seed() ^ AUGMENTATION_SEED_MIX);
        SplittableRandom shuffling = new SplittableRandom(settings.seed() ^ SHUFFLE_SEED_MIX);
        // Each epoch shuffles the previous epoch's order, so epoch e's order depends on all shuffles
        // before it. Replaying the finished epochs' shuffles (cheap) restores it without storing it.
        for (int e = 0; e < from.epochsDone(); e++) {
            batches.shuffle(shuffling);
        }
        optimizer.restoreSteps(from.optimizerSteps());
        model.setTrainingStep(from.optimizerSteps()); // one backward pass per optimizer step
        List<EpochStats> history = new ArrayList<>(from.history());
        EarlyStopping stopping = validation == null ? EarlyStopping.lastEpoch(from.epochsDone())
                : new EarlyStopping(settings.monitor(), settings.patience(), from.bestEpoch(), from.bestValue());
        List<float[]> bestWeights = from.bestWeights() != null ? from.bestWeights()
                : from.bestEpoch() > 0 ? snapshot() : null;
        boolean stopped = from.stoppedEarly();
        int epoch = from.epochsDone();
        while (!stopped && epoch < settings.epochs()) {
            batches.shuffle(shuffling);
            EpochStats stats = trainEpoch(epoch, batches, validation, listener);
            history.add(stats);
            epoch++;
            if (stopping.offer(epoch, stats)) {
                bestWeights = snapshot();
            }
            stopped = stopping.shouldStop(epoch);
            checkpoint.save(new TrainingState(epoch, optimizer.steps(), stopping.bestEpoch(), stopping.bestValue(), stopped,
                    history, stopping.bestEpoch() == epoch ? null : bestWeights));
            listener.epochDone(stats);
        }
        if (bestWeights != null && stopping.bestEpoch() != epoch) {
            restore(bestWeights);
        }
        return new Result(history, stopping.bestEpoch(), stopped);
    }

    private EpochStats trainEpoch(int epoch, Batches batches, Dataset validation, Listener listener) {
        long start = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int b = 0; b < batches.count(); b++) {
            int size = batches.fill(b, input.full(), batchLabels);
            Tensor logits = model.forward(input.rows(size), true);
            Tensor grad = gradLogits.rows(size);
            float batchLoss = loss.dataLossAndGradient(logits, batchLabels, 0, grad);
            if (!Float.isFinite(batchLoss)) {
                throw new TrainingDivergedException(epoch + 1, "training loss became " + batchLoss + " at epoch "
                        + (epoch + 1) + ", step " + (b + 1) + " of " + batches.count() + ": lower the learning rate ("
                        + optimizer.learningRate(epoch) + ") or check the data; weights were not updated by this batch");
            }
            SoftmaxCrossEntropy.predict(size, logits.rowLength(), logits.data(), 0, logits.rowLength(), batchPredictions, 0);
            for (int i = 0; i < size; i++) {
                correct += batchPredictions[i] == batchLabels[i] ? 1 : 0;
            }
            model.backward(grad);
            optimizer.step(model.params(), epoch);
            lossSum += (double) batchLoss * size;
            seen += size;
            double elapsed = (System.nanoTime() - start) / 1e9;
            listener.batchDone(epoch, b, batches.count(), lossSum / seen, seen / elapsed);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double validationLoss = Double.NaN;
        double validationAccuracy = Double.NaN;
        if (validation != null) {
            Evaluation validated = evaluate(validation);
            if (!Double.isFinite(validated.loss())) {
                throw new TrainingDivergedException(epoch + 1, "validation loss became " + validated.loss() + " after epoch "
                        + (epoch + 1) + ": lower the learning rate (" + optimizer.learningRate(epoch) + ") or check the data");
            }
            validationLoss = validated.loss();
            validationAccuracy = validated.accuracy();
        }
        requireSaneLoss(epoch, "training", lossSum / seen);
        if (validation != null) {
            requireSaneLoss(epoch, "validation", validationLoss);
        }
        return new EpochStats(epoch + 1, lossSum / seen, loss.penalty(model.params()), correct / (double) seen,
                validationLoss, validationAccuracy, optimizer.learningRate(epoch), seconds, seen / seconds);
    }

    /** Throws if an epoch's mean loss passed {@link #divergenceBound()}: the epoch's weights are then not checkpointed. */
    private void requireSaneLoss(int epoch, String which, double meanLoss) {
        if (meanLoss > divergenceBound()) {
            throw new TrainingDivergedException(epoch + 1, String.format(java.util.Locale.ROOT,
                    "%s loss %.4g in epoch %d is past %.0f (%.0f times that of a uniform guess over %d classes): the run "
                            + "diverged; lower the learning rate (%s) or check the data", which, meanLoss, epoch + 1,
                    divergenceBound(), DIVERGENCE_FACTOR, model.classes(), optimizer.learningRate(epoch)));
        }
    }

    /**
     * The mean data loss past which a run has diverged.
     *
     * @return {@link #DIVERGENCE_FACTOR} times {@code ln classes} (of at least 2 classes)
     */
    public double divergenceBound() {
        return DIVERGENCE_FACTOR * Math.log(Math.max(2, model.classes()));
    }

    /**
     * Data loss and predictions of the model on a data set, in batches, without training
     * behaviour (dropout off, batch normalization's running statistics).
     *
     * @param data the samples to evaluate; their shape must be the model's input shape
     * @return the mean data loss (cross-entropy, without the L2 penalty: the loss {@code eval}
     *         reports for the same weights) and the confusion matrix
     */
    public Evaluation evaluate(Dataset data) {
        int[] predictions = new int[data.count()];
        double lossSum = predict(data, predictions);
        return Evaluation.of(lossSum / data.count(), data.labels(), predictions, data.classNames());
    }

    /**
     * The predicted class of every sample of {@code data}, without training behaviour.
     *
     * @param data the samples; their shape must be the model's input shape
     * @return the index of each sample's largest logit, in sample order
     */
    public int[] predict(Dataset data) {
        int[] predictions = new int[data.count()];
        predict(data, predictions);
        return predictions;
    }

    /** Fills {@code predictions}; returns the summed data loss. */
    private double predict(Dataset data, int[] predictions) {
        Batches batches = new Batches(data, settings.batchSize());
        double lossSum = 0;
        int offset = 0;
        for (int b = 0; b < batches.count(); b++) {
            int size = batches.fill(b, input.full(), batchLabels);
            Tensor logits = model.forward(input.rows(size), false);
            lossSum += (double) loss.dataLossAndGradient(logits, batchLabels, 0, gradLogits.rows(size)) * size;
            SoftmaxCrossEntropy.predict(size, logits.rowLength(), logits.data(), 0, logits.rowLength(), predictions, offset);
            offset += size;
        }
        return lossSum;
    }

    /** Copies of the model's whole state: parameters and buffers (batch-norm running statistics belong to the weights). */
    private List<float[]> snapshot() {
        List<float[]> copies = new ArrayList<>();
        for (Tensor tensor : model.stateDict().values()) {
            copies.add(tensor.toArray());
        }
        return copies;
    }

    private void restore(List<float[]> state) {
        int i = 0;
        for (Tensor tensor : model.stateDict().values()) {
            float[] values = state.get(i++);
            MemorySegment.copy(values, 0, tensor.data(), Buffers.FLOAT, 0, values.length);
        }
    }
}
