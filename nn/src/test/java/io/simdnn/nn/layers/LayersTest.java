package io.simdnn.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.nn.Model;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch norm and dropout in models: batch norm's running statistics move in training, are used at
 * inference and travel through checkpoints; dropout is off at inference and reproducible from the
 * model seed; training steps of such a model give the same bits for 1 and 2 kernel threads.
 */
class LayersTest {
    private static final String SPEC = "conv3x3x4p1,bn,relu,maxpool2,flatten,dropout0.3,dense8,bn,relu,dense3";
    private static final int[] SAMPLE = {1, 6, 6};
    private static final int BATCH = 5;

    @TempDir
    Path dir;

    private static Model model(long seed) {
        Model model = new Model(ModelSpec.parse(SPEC).layers(3, Initializer.HE), SAMPLE, BATCH);
        model.initialize(new SplittableRandom(seed));
        return model;
    }

    private static Tensor batch(Model model, long seed) {
        Tensor input = model.allocate(BATCH, 1, 6, 6);
        SplittableRandom random = new SplittableRandom(seed);
        for (long i = 0; i < input.size(); i++) {
            Buffers.set(input.data(), i, (float) random.nextGaussian() + 0.5f);
        }
        return input;
    }

    /** A few SGD steps on fixed random batches; returns the whole state afterwards. */
    private static float[][] train(Model model, int steps) {
        SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss(1e-4f);
        SgdMomentum optimizer = new SgdMomentum(0.05f, 0.9f, 1f, 1e-4f);
        Tensor grad = model.allocate(BATCH, 3);
        int[] labels = {0, 1, 2, 1, 0};
        for (int step = 0; step < steps; step++) {
            loss.dataLossAndGradient(model.forward(batch(model, step), true), labels, 0, grad);
            model.backward(grad);
            optimizer.step(model.params(), 0);
        }
        return model.stateDict().values().stream().map(Tensor::toArray).toArray(float[][]::new);
    }

    @Test
    void batchNormStatisticsAreCheckpointedAndInferenceReproducesAfterLoading() throws IOException {
        Path file = dir.resolve("bn.safetensors");
        try (Model trained = model(1); Model restored = model(2)) {
            train(trained, 4);
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "6.weight", "6.bias",
                    "7.weight", "7.bias", "7.running_mean", "7.running_var", "9.weight", "9.bias"), List.copyOf(trained.stateDict().keySet()));
            float[] runningVar = trained.stateDict().get("7.running_var").toArray();
            assertNotEquals(1f, runningVar[0], "running variance moved in training");
            Safetensors.write(file, trained.stateDict(), Map.of("architecture", SPEC));
            Checkpoint checkpoint = Checkpoint.read(file);
            assertEquals(SPEC, ModelSpec.parse(checkpoint.metadata().get("architecture")).toString());
            checkpoint.loadInto(restored.stateDict(), file);
            Tensor input = batch(trained, 99);
            float[] expected = trained.forward(input, false).toArray();
            assertArrayEquals(expected, restored.forward(input, false).toArray(), "inference after loading");
            // inference uses the running statistics: a batch of one gives the same row as in a batch of five
            Tensor first = input.firstRows(1);
            assertArrayEquals(java.util.Arrays.copyOf(expected, 3), restored.forward(first, false).toArray());
        }
    }

    @Test
    void dropoutIsOffAtInferenceAndTheSameSeedGivesTheSameRun() {
        try (Model a = model(7); Model b = model(7); Model c = model(8)) {
            float[][] first = train(a, 3), second = train(b, 3), other = train(c, 3);
            for (int i = 0; i < first.length; i++) {
                assertArrayEquals(first[i], second[i], "tensor " + i);
            }
            assertNotEquals(java.util.Arrays.toString(first[0]), java.util.Arrays.toString(other[0]));
            Tensor input = batch(a, 5);
            assertArrayEquals(a.forward(input, false).toArray(), a.forward(input, false).toArray());
            DropoutLayer dropout = (DropoutLayer) a.layers().get(5);
            Tensor flat = a.allocate(BATCH, 36);
            assertSame(flat, dropout.forward(flat, false), "inference passes the input through");
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        int saved = KernelThreads.parallelism();
        try {
            float[][][] results = new float[2][][];
            for (int threads = 1; threads <= 2; threads++) {
                KernelThreads.setParallelism(threads);
                try (Model model = model(3)) {
                    results[threads - 1] = train(model, 3);
                }
            }
            for (int i = 0; i < results[0].length; i++) {
                assertArrayEquals(results[0][i], results[1][i], "tensor " + i);
            }
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    @Test
    void flattenIsAViewAndBatchNormNeedsATrainingPassBeforeBackward() {
        try (Model model = new Model(List.of(new Flatten(), new BatchNormLayer(), new Dense(2, Initializer.HE)), new int[] {2, 3}, 4)) {
            Tensor input = model.allocate(4, 2, 3);
            Tensor flat = model.layers().getFirst().forward(input, true);
            assertArrayEquals(new int[] {4, 6}, flat.shape());
            assertEquals(input.data(), flat.data());
            model.forward(input, false);
            assertThrows(IllegalStateException.class, () -> model.backward(model.allocate(4, 2)));
            assertThrows(IllegalArgumentException.class, () -> input.view(5, 5));
        }
    }
}
