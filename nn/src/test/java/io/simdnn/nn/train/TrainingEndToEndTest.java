package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.nn.Model;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.MnistFormat;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Relu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real training on real Fashion-MNIST (installed by .ci/install-deps): a few thousand samples,
 * a couple of epochs, and an accuracy a broken layer, loss or optimizer could not reach
 * (chance is 10%; this setting gives about 80%).
 */
class TrainingEndToEndTest {
    private static Dataset train;
    private static Dataset validation;
    private static Dataset test;

    @BeforeAll
    static void loadData() throws IOException {
        assumeTrue(MnistFormat.isMnistDirectory(MnistFormat.FASHION_MNIST_DIR),
                "dataset-fashion-mnist is not installed (run .ci/install-deps as root)");
        Dataset all = MnistFormat.loadTrain(MnistFormat.FASHION_MNIST_DIR, MnistFormat.FASHION_CLASSES);
        train = all.slice("train", 0, 4000);
        validation = all.slice("validation", 50000, 51000);
        test = MnistFormat.loadTest(MnistFormat.FASHION_MNIST_DIR, MnistFormat.FASHION_CLASSES).slice("test", 0, 2000);
    }

    private static Model mlp(long seed) {
        Model model = new Model(List.of(new Dense(128, Initializer.HE), new Relu(), new Dense(10, Initializer.HE)),
                train.sampleShape(), 64);
        model.initialize(new SplittableRandom(seed));
        return model;
    }

    private static float[][] trainAndSnapshot(int threads) {
        int original = KernelThreads.parallelism();
        KernelThreads.setParallelism(threads);
        try (Model model = mlp(7)) {
            Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(1e-4f), new SgdMomentum(0.05f, 0.9f, 0.9f, 1e-4f),
                    new Trainer.Settings(1, 64, 7, 0, Monitor.LOSS, Augmentation.FLIP)); // mirrored batches too
            trainer.fit(train.slice("small", 0, 1000), validation, new Trainer.Listener() {});
            return model.params().stream().map(p -> p.value().toArray()).toArray(float[][]::new);
        } finally {
            KernelThreads.setParallelism(original);
        }
    }

    @Test
    void shortTrainingReachesAStatedAccuracyAndItsCheckpointReloads() throws IOException {
        try (Model model = mlp(42)) {
            Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(1e-4f), new SgdMomentum(0.05f, 0.9f, 0.9f, 1e-4f),
                    new Trainer.Settings(3, 64, 42, 0));
            Trainer.Result result = trainer.fit(train, validation, new Trainer.Listener() {});
            Evaluation evaluation = trainer.evaluate(test);
            assertTrue(evaluation.accuracy() >= 0.75, "test accuracy " + evaluation.accuracy() + " after " + result.epochs());
            assertTrue(result.epochs().getLast().trainLoss() < result.epochs().getFirst().trainLoss(), "loss did not fall");

            // save, load into a fresh model, evaluate again: the same predictions
            Path file = checkpointDir.resolve("model.safetensors");
            Safetensors.write(file, model.stateDict(), java.util.Map.of("architecture", "mlp:128"));
            try (Model restored = mlp(99)) {
                Checkpoint.read(file).loadInto(restored.stateDict(), restored.integerBuffers(), file);
                Trainer evaluator = new Trainer(restored, new SoftmaxCrossEntropyLoss(1e-4f), new SgdMomentum(1f, 0f, 1f, 0f),
                        new Trainer.Settings(1, 64, 0, 0));
                Evaluation again = evaluator.evaluate(test);
                assertArrayEquals(evaluation.confusion()[3], again.confusion()[3]);
                assertEquals(evaluation.accuracy(), again.accuracy());
            }
        }
    }

    @TempDir
    Path checkpointDir;

    @Test
    void everyOptimizerLearns() {
        LearningRateSchedule sgdRates = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 0.05f, 1f, 2);
        List<Optimizer> optimizers = List.of(
                // averaging scales each gradient by (1 - momentum): ten times the rate gives the same steps
                new SgdMomentum(SgdMomentum.Variant.AVERAGED, new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 0.5f, 1f, 2), 0.9f, 0f),
                new SgdMomentum(SgdMomentum.Variant.NESTEROV, sgdRates, 0.9f, 0f),
                new Adam(new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0.001f, 1f, 2), 0.9f, 0.999f, 1e-8f, 0f));
        for (Optimizer optimizer : optimizers) {
            try (Model model = mlp(3)) {
                Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(0f), optimizer, new Trainer.Settings(2, 64, 3, 0));
                trainer.fit(train.slice("part", 0, 2000), validation, new Trainer.Listener() {});
                double accuracy = trainer.evaluate(test).accuracy();
                assertTrue(accuracy >= 0.70, optimizer.describe() + " reached only " + accuracy);
            }
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsForOneAndTwoThreads() {
        float[][] single = trainAndSnapshot(1);
        float[][] dual = trainAndSnapshot(2);
        for (int i = 0; i < single.length; i++) {
            assertArrayEquals(single[i], dual[i], "parameter " + i);
        }
    }

    @Test
    void divergingLossStopsWithAClearMessage() {
        try (Model model = mlp(1)) {
            Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(0f), new SgdMomentum(1e9f, 0.9f, 1f, 0f),
                    new Trainer.Settings(2, 64, 1, 0));
            TrainingDivergedException error = assertThrows(TrainingDivergedException.class,
                    () -> trainer.fit(train.slice("few", 0, 640), validation, new Trainer.Listener() {}));
            assertTrue(error.getMessage().contains("loss became") && error.getMessage().contains("lower the learning rate"),
                    error.getMessage());
        }
    }
}
