package io.simdnn.nn.train;

import io.simdnn.kernels.SoftmaxCrossEntropy;
import io.simdnn.nn.Model;
import io.simdnn.nn.Tensor;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs epochs of shuffled mini-batches, validates after each, stops early when the validation
 * loss has not improved for {@code patience} epochs (restoring the best weights), and refuses to
 * continue past a NaN or infinite loss. Every step reuses the same buffers.
 */
public final class Trainer {
    /** Called after every batch and every epoch; the CLI draws its progress bar from these. */
    public interface Listener {
        default void batchDone(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond) {}

        default void epochDone(EpochStats stats) {}
    }

    /** Training settings; {@code patience == 0} disables early stopping. */
    public record Settings(int epochs, int batchSize, long seed, int patience) {
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
        }
    }

    /** What training produced: per-epoch statistics and which epoch's weights the model now holds. */
    public record Result(List<EpochStats> epochs, int bestEpoch, boolean stoppedEarly) {}

    private final Model model;
    private final SoftmaxCrossEntropyLoss loss;
    private final Optimizer optimizer;
    private final Settings settings;
    private final Tensor input;
    private final Tensor gradLogits;
    private final int[] batchLabels;
    private final int[] batchPredictions;

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
        this.input = model.allocate(batched);
        this.gradLogits = model.allocate(settings.batchSize(), model.classes());
        this.batchLabels = new int[settings.batchSize()];
        this.batchPredictions = new int[settings.batchSize()];
    }

    public Result fit(Dataset train, Dataset validation, Listener listener) {
        Batches batches = new Batches(train, settings.batchSize());
        SplittableRandom shuffling = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        List<EpochStats> history = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        List<float[]> bestWeights = null;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            long start = System.nanoTime();
            batches.shuffle(shuffling);
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int b = 0; b < batches.count(); b++) {
                int size = batches.fill(b, input, batchLabels);
                Tensor logits = model.forward(input.firstRows(size), true);
                Tensor grad = gradLogits.firstRows(size);
                float batchLoss = loss.dataLossAndGradient(logits, batchLabels, 0, grad);
                if (!Float.isFinite(batchLoss)) {
                    throw new TrainingDivergedException("loss became " + batchLoss + " at epoch " + (epoch + 1) + ", batch "
                            + (b + 1) + ": lower the learning rate (" + optimizer.learningRate(epoch)
                            + ") or check the data; weights were not updated by this batch");
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
            Evaluation validated = evaluate(validation);
            EpochStats stats = new EpochStats(epoch + 1, lossSum / seen + loss.penalty(model.params()), correct / (double) seen,
                    validated.loss(), validated.accuracy(), optimizer.learningRate(epoch), seconds, seen / seconds);
            history.add(stats);
            listener.epochDone(stats);
            if (validated.loss() < bestLoss) {
                bestLoss = validated.loss();
                bestEpoch = epoch + 1;
                bestWeights = snapshot();
            } else if (settings.patience() > 0 && epoch + 1 - bestEpoch >= settings.patience()) {
                restore(bestWeights);
                return new Result(history, bestEpoch, true);
            }
        }
        if (bestWeights != null && bestEpoch != settings.epochs()) {
            restore(bestWeights);
        }
        return new Result(history, bestEpoch, false);
    }

    /** Loss (data + L2) and predictions of the model on a data set, in batches, without training behaviour. */
    public Evaluation evaluate(Dataset data) {
        Batches batches = new Batches(data, settings.batchSize());
        int[] predictions = new int[data.count()];
        int[] labels = new int[data.count()];
        double lossSum = 0;
        int offset = 0;
        for (int b = 0; b < batches.count(); b++) {
            int size = batches.fill(b, input, batchLabels);
            Tensor logits = model.forward(input.firstRows(size), false);
            lossSum += (double) loss.dataLossAndGradient(logits, batchLabels, 0, gradLogits.firstRows(size)) * size;
            SoftmaxCrossEntropy.predict(size, logits.rowLength(), logits.data(), 0, logits.rowLength(), predictions, offset);
            System.arraycopy(batchLabels, 0, labels, offset, size);
            offset += size;
        }
        return Evaluation.of(lossSum / data.count() + loss.penalty(model.params()), labels, predictions, data.classNames());
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
            java.lang.foreign.MemorySegment.copy(values, 0, tensor.data(), io.simdnn.kernels.Buffers.FLOAT, 0, values.length);
        }
    }
}
