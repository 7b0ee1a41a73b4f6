package io.simdnn.nn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.loss.SoftmaxCrossEntropy;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.tensor.BatchBuffer;
import io.simdnn.nn.tensor.Tensor;

/**
 * A model's forward passes over many samples, in order, in batches of its maximum size, without
 * training behaviour (dropout off, batch normalization on its running statistics): class
 * probabilities per sample, or the data loss and predictions of a labelled data set. It owns an
 * input buffer and a scratch buffer in the model's arena, made on first use.
 */
final class Inference {
    private final Model model;
    private final int sampleSize;
    private final int classes;
    private final BatchBuffer input;
    private final BatchBuffer scratch;
    private final int[] predictions;

    Inference(Model model) {
        this.model = model;
        int[] inputShape = model.inputShape();
        this.sampleSize = (int) Tensor.product(inputShape);
        this.classes = model.classes();
        int[] batched = new int[inputShape.length + 1];
        batched[0] = model.maxBatch();
        System.arraycopy(inputShape, 0, batched, 1, inputShape.length);
        this.input = new BatchBuffer(model.allocate(batched));
        this.scratch = new BatchBuffer(model.allocate(model.maxBatch(), classes));
        this.predictions = new int[model.maxBatch()];
    }

    /** One prediction per sample of {@code samples} (sample-major, {@code sampleSize} values each). */
    List<Prediction> predict(float[] samples) {
        if (samples.length == 0 || samples.length % sampleSize != 0) {
            throw new IllegalArgumentException(samples.length + " values are not a whole, non-zero number of samples of shape "
                    + Arrays.toString(model.inputShape()) + " (" + sampleSize + " values each)");
        }
        int count = samples.length / sampleSize;
        List<Prediction> result = new ArrayList<>(count);
        for (int start = 0; start < count; start += model.maxBatch()) {
            int size = Math.min(model.maxBatch(), count - start);
            Tensor logits = forward(samples, start, size);
            Tensor probabilities = scratch.rows(size);
            SoftmaxCrossEntropy.softmax(size, classes, logits.data(), 0, classes, probabilities.data(), 0, classes);
            float[] all = probabilities.toArray();
            for (int i = 0; i < size; i++) {
                result.add(new Prediction(predictions[i], Arrays.copyOfRange(all, i * classes, (i + 1) * classes),
                        model.classNames()));
            }
        }
        return result;
    }

    /** The mean data loss (no regularization term) and the confusion matrix of the model on {@code data}. */
    Evaluation evaluate(Dataset data) {
        if (!Arrays.equals(data.sampleShape(), model.inputShape()) || data.classes() != classes) {
            throw new IllegalArgumentException("the model takes samples of shape " + Arrays.toString(model.inputShape()) + " in "
                    + classes + " classes, " + data.name() + " has " + Arrays.toString(data.sampleShape()) + " in "
                    + data.classes());
        }
        int[] predicted = new int[data.count()];
        double lossSum = 0;
        for (int start = 0; start < data.count(); start += model.maxBatch()) {
            int size = Math.min(model.maxBatch(), data.count() - start);
            Tensor logits = forward(data.features(), start, size);
            System.arraycopy(predictions, 0, predicted, start, size);
            float batchLoss = SoftmaxCrossEntropy.lossAndGradient(size, classes, logits.data(), 0, classes, data.labels(), start,
                    scratch.rows(size).data(), 0, classes);
            lossSum += (double) batchLoss * size;
        }
        return Evaluation.of(lossSum / data.count(), data.labels(), predicted, model.classNames());
    }

    /** The logits of samples {@code [start, start + size)}; their predicted classes are in {@link #predictions}. */
    private Tensor forward(float[] samples, int start, int size) {
        Tensor batch = input.rows(size);
        MemorySegment.copy(samples, start * sampleSize, batch.data(), Buffers.FLOAT, 0, size * sampleSize);
        Tensor logits = model.forward(batch, false);
        SoftmaxCrossEntropy.predict(size, classes, logits.data(), 0, classes, predictions, 0);
        return logits;
    }
}
