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
 * ones. The warm-up has two phases. {@link #SMALL_STEPS} steps on batches of {@link #SMALL_BATCH}
 * reach C2's invocation and loop counts for the kernels at a fraction of a full batch's
 * interpreted cost (one interpreted step of the CNN at batch 64 takes seconds). Then
 * {@link #RUN_STEPS} steps at the run's own batch size compile what depends on it: the GEMM's
 * blocking and edge tiles (warming up on small batches alone left those to the first epoch).
 *
 * <p>The throwaway models, their optimizer and their data share nothing with the run's, so the
 * run's results are the same with or without the warm-up.
 */
public final class JitWarmup {
    /** Samples per step of the first phase. */
    public static final int SMALL_BATCH = 8;
    /** Training steps of the first phase (each followed by an inference pass, as validation does). */
    public static final int SMALL_STEPS = 40;
    /** Training steps at the run's batch size in the second phase. */
    public static final int RUN_STEPS = 40;

    /**
     * What a warm-up did.
     *
     * @param steps   training steps run, over both phases
     * @param seconds the seconds they took, model building included
     */
    public record Summary(int steps, double seconds) {}

    private JitWarmup() {}

    /**
     * Runs the warm-up.
     *
     * @param architecture builds a fresh model of the run's layers for a batch size (its weights are drawn again here)
     * @param batch        samples per step: the run's batch size
     * @param sampleShape  the shape of one input sample
     * @param classes      number of classes (labels are drawn below it)
     * @param loss         a loss like the run's
     * @param optimizer    a fresh optimizer like the run's (its state is thrown away)
     * @return the steps run and the seconds they took
     */
    public static Summary run(IntFunction<Model> architecture, int batch, int[] sampleShape, int classes, SoftmaxCrossEntropyLoss loss,
                              Optimizer optimizer) {
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(1);
        boolean smallPhase = batch > SMALL_BATCH;
        if (smallPhase) {
            train(architecture.apply(SMALL_BATCH), SMALL_BATCH, SMALL_STEPS, sampleShape, classes, loss, optimizer, random);
        }
        train(architecture.apply(batch), batch, RUN_STEPS, sampleShape, classes, loss, optimizer, random);
        return new Summary((smallPhase ? SMALL_STEPS : 0) + RUN_STEPS, (System.nanoTime() - start) / 1e9);
    }

    /** Trains a fresh model on random data for the given steps and closes it. */
    private static void train(Model fresh, int batch, int steps, int[] sampleShape, int classes, SoftmaxCrossEntropyLoss loss,
                             Optimizer optimizer, SplittableRandom random) {
        try (Model model = fresh) {
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
            for (int step = 0; step < steps; step++) {
                logits = model.forward(input, true);
                loss.dataLossAndGradient(logits, labels, 0, gradient);
                model.backward(gradient);
                optimizer.step(model.params(), 0);
                Tensor inference = model.forward(input, false);
                SoftmaxCrossEntropy.predict(batch, inference.rowLength(), inference.data(), 0, inference.rowLength(), predictions, 0);
            }
        }
    }
}
