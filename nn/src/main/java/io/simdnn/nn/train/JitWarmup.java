package io.simdnn.nn.train;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.loss.SoftmaxCrossEntropy;
import io.simdnn.nn.Model;
import io.simdnn.nn.tensor.Tensor;

/**
 * Training steps of a throwaway model, so the JIT compiles the kernels before a run starts.
 *
 * <p>Until C2 has compiled a Vector API method it runs interpreted or in C1, where every vector
 * operation allocates: the default CNN's first steps take about twenty times as long as the later
 * ones. {@link #STEPS} steps at the run's own batch size make C2 compile the paths the run takes
 * (the GEMM's blocking and edge tiles depend on the batch: warming up on small batches left part
 * of them to the first epoch) for about the time they save there.
 *
 * <p>The throwaway model, its optimizer and its data share nothing with the run's, so the run's
 * results are the same with or without the warm-up.
 */
public final class JitWarmup {
    /** Training steps (each followed by an inference pass, as validation does). */
    public static final int STEPS = 80;

    private JitWarmup() {}

    /**
     * Runs the warm-up and returns its duration in seconds.
     *
     * @param architecture builds a fresh model of the run's layers for a batch size (its weights are drawn again here)
     * @param batch        samples per step: the run's batch size
     * @param sampleShape  the shape of one input sample
     * @param classes      number of classes (labels are drawn below it)
     * @param loss         a loss like the run's
     * @param optimizer    a fresh optimizer like the run's (its state is thrown away)
     * @return the seconds the warm-up took
     */
    public static double run(IntFunction<Model> architecture, int batch, int[] sampleShape, int classes, SoftmaxCrossEntropyLoss loss,
                             Optimizer optimizer) {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(1);
        try (Model model = architecture.apply(batch)) {
            model.initialize(random);
            int[] inputShape = new int[sampleShape.length + 1];
            inputShape[0] = batch;
            System.arraycopy(sampleShape, 0, inputShape, 1, sampleShape.length);
            Tensor input = model.allocate(inputShape);
            for (long i = 0; i < input.size(); i++) {
                Buffers.set(input.data(), i, (float) random.nextDouble());
            }
            Tensor logits = model.forward(input, true);
            Tensor gradient = model.allocate(batch, logits.rowLength());
            int[] labels = random.ints(batch, 0, classes).toArray();
            int[] predictions = new int[batch];
            for (int step = 0; step < STEPS; step++) {
                logits = model.forward(input, true);
                loss.dataLossAndGradient(logits, labels, 0, gradient);
                model.backward(gradient);
                optimizer.step(model.params(), 0);
                Tensor inference = model.forward(input, false);
                SoftmaxCrossEntropy.predict(batch, inference.rowLength(), inference.data(), 0, inference.rowLength(), predictions, 0);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
