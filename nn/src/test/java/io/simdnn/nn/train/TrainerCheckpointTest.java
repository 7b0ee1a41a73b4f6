package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.TestModels;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.io.Checkpoint.CorruptCheckpointException;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.DropoutLayer;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Relu;
import io.simdnn.nn.tensor.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints after every epoch, resuming bit-identically, keeping the best weights by either
 * monitor, and a diverging run that leaves the last good checkpoint as it was. Tiny generated data
 * and a 16-unit MLP keep each test well under a second.
 */
class TrainerCheckpointTest {
    private static final Dataset TRAIN = TinyData.learnable("train", 300, 4, 3, 1);
    private static final Dataset VALIDATION = TinyData.learnable("validation", 90, 4, 3, 5);

    @TempDir
    Path dir;

    private static Model model(long seed) {
        Model model = new Model(List.of(new Dense(16, Initializer.HE), new Relu(), new Dense(3, Initializer.HE)),
                TRAIN.sampleShape(), 32);
        model.initialize(new SplittableRandom(seed));
        return model;
    }

    private static Optimizer adam() {
        return new Adam(new LearningRateSchedule(LearningRateSchedule.Kind.EXPONENTIAL, 0.01f, 0.8f, 3), 0.9f, 0.999f, 1e-8f, 1e-4f);
    }

    /** Mirrored batches: their coins must replay on resume as the shuffles do. */
    private static Trainer trainer(Model model, Optimizer optimizer, int patience, Monitor monitor) {
        return new Trainer(model, new SoftmaxCrossEntropyLoss(1e-4f), optimizer,
                new Trainer.Settings(3, 32, 11, patience, monitor, Augmentation.FLIP));
    }

    private static Trainer.EpochCheckpoint writingTo(Path file, Model model) {
        return state -> {
            try {
                TrainingCheckpoint.write(file, model, state, Map.of("note", "test"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Values and both moments of every parameter. */
    private static List<float[]> everything(Model model) {
        List<float[]> all = new ArrayList<>();
        for (Param p : model.params()) {
            all.add(p.value().toArray());
            all.add(p.firstMoment().toArray());
            all.add(p.secondMoment().toArray());
        }
        return all;
    }

    /** The statistics that must agree between runs (not the timings). */
    private static List<List<Double>> numbers(List<EpochStats> history) {
        return history.stream().map(s -> List.of((double) s.epoch(), s.trainLoss(), s.trainAccuracy(), s.validationLoss(),
                s.validationAccuracy(), s.learningRate())).toList();
    }

    /** Thrown by a listener to play a crash right after an epoch's checkpoint. */
    private static final class Interrupted extends RuntimeException {}

    @Test
    void twoEpochsPlusAResumedOneEqualThreeStraightBitForBit() throws IOException {
        Trainer.Result straight;
        List<float[]> expected;
        Optimizer straightAdam = adam();
        try (Model model = model(3)) {
            straight = trainer(model, straightAdam, 0, Monitor.ACCURACY).fit(TRAIN, VALIDATION, new Trainer.Listener() {},
                    TrainingState.initial(Monitor.ACCURACY), writingTo(dir.resolve("straight.safetensors"), model));
            expected = everything(model);
        }

        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        try (Model model = model(3)) {
            Trainer.Listener crashAfterTwo = new Trainer.Listener() {
                @Override
                public void epochDone(EpochStats stats) {
                    if (stats.epoch() == 2) {
                        throw new Interrupted();
                    }
                }
            };
            assertThrows(Interrupted.class, () -> trainer(model, adam(), 0, Monitor.ACCURACY)
                    .fit(TRAIN, VALIDATION, crashAfterTwo, TrainingState.initial(Monitor.ACCURACY), writingTo(file, model)));
        }

        try (Model model = model(99)) { // another initialization: everything must come from the checkpoint
            TrainingCheckpoint.Saved saved = TrainingCheckpoint.read(file);
            assertEquals("test", saved.runMetadata().get("note"));
            TrainingState state = saved.restoreInto(model);
            assertEquals(2, state.epochsDone());
            Optimizer resumedAdam = adam();
            Trainer.Result resumed = trainer(model, resumedAdam, 0, Monitor.ACCURACY)
                    .fit(TRAIN, VALIDATION, new Trainer.Listener() {}, state, writingTo(file, model));
            List<float[]> actual = everything(model);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "tensor " + i + " (value, first and second moment per parameter)");
            }
            assertEquals(numbers(straight.epochs()), numbers(resumed.epochs()));
            assertEquals(straight.bestEpoch(), resumed.bestEpoch());
            assertEquals(straightAdam.steps(), resumedAdam.steps());
        }
    }

    /**
     * With dropout the masks depend on the step count: a run resumed after epoch 2 must draw the
     * masks the uninterrupted run drew in epoch 3. (Dropout's seed comes from the model seed,
     * which a resumed run takes from its stored settings, so both models here start from seed 3.)
     */
    @Test
    void aResumedDropoutModelDrawsTheMasksOfAnUninterruptedRun() throws IOException {
        List<float[]> expected;
        try (Model model = dropoutModel()) {
            trainer(model, adam(), 0, Monitor.LOSS).fit(TRAIN, VALIDATION, new Trainer.Listener() {}, TrainingState.initial(Monitor.LOSS),
                    state -> {});
            expected = everything(model);
        }
        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        try (Model model = dropoutModel()) {
            Trainer.Listener crashAfterTwo = new Trainer.Listener() {
                @Override
                public void epochDone(EpochStats stats) {
                    if (stats.epoch() == 2) {
                        throw new Interrupted();
                    }
                }
            };
            assertThrows(Interrupted.class, () -> trainer(model, adam(), 0, Monitor.LOSS)
                    .fit(TRAIN, VALIDATION, crashAfterTwo, TrainingState.initial(Monitor.LOSS), writingTo(file, model)));
        }
        try (Model model = dropoutModel()) {
            TrainingState state = TrainingCheckpoint.read(file).restoreInto(model);
            trainer(model, adam(), 0, Monitor.LOSS).fit(TRAIN, VALIDATION, new Trainer.Listener() {}, state, state2 -> {});
            List<float[]> actual = everything(model);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "tensor " + i);
            }
        }
    }

    private static Model dropoutModel() {
        Model model = new Model(List.of(new Dense(16, Initializer.HE), new Relu(), new DropoutLayer(0.3f), new Dense(3, Initializer.HE)),
                TRAIN.sampleShape(), 32);
        model.initialize(new SplittableRandom(3));
        return model;
    }

    @Test
    void theModelEndsWithTheBestEpochsWeightsByTheMonitor() {
        for (Monitor monitor : Monitor.values()) {
            try (Model model = model(4)) {
                List<List<float[]>> perEpoch = new ArrayList<>();
                Trainer.Listener recorder = new Trainer.Listener() {
                    @Override
                    public void epochDone(EpochStats stats) {
                        perEpoch.add(model.params().stream().map(p -> p.value().toArray()).toList());
                    }
                };
                // SGD with a large constant rate: validation numbers move up and down, so the best is not simply the last
                Optimizer sgd = new SgdMomentum(SgdMomentum.Variant.CLASSICAL,
                        new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0.5f, 1f, 3), 0.9f, 0f);
                Trainer.Result result = trainer(model, sgd, 0, monitor).fit(TRAIN, VALIDATION, recorder);
                int best = 0;
                for (int e = 1; e < result.epochs().size(); e++) {
                    if (monitor.improves(monitor.measure(result.epochs().get(e)), monitor.measure(result.epochs().get(best)))) {
                        best = e;
                    }
                }
                assertEquals(best + 1, result.bestEpoch(), monitor.toString());
                for (int p = 0; p < model.params().size(); p++) {
                    assertArrayEquals(perEpoch.get(best).get(p), model.params().get(p).value().toArray(), monitor + " parameter " + p);
                }
            }
        }
    }

    @Test
    void earlyStoppingEndsTheRunAndAResumedStoppedRunTrainsNoFurther() throws IOException {
        // validation labels unrelated to the images: validation loss rises as the model learns the training set
        int[] shuffled = VALIDATION.labels().clone();
        for (int i = 0; i < shuffled.length; i++) {
            shuffled[i] = (shuffled[i] + i) % 3;
        }
        Dataset unrelated = new Dataset("unrelated", VALIDATION.features(), shuffled, VALIDATION.sampleShape(), VALIDATION.classNames());
        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        try (Model model = model(5)) {
            Trainer.Settings settings = new Trainer.Settings(30, 32, 11, 2, Monitor.LOSS);
            Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(0f), adam(), settings);
            Trainer.Result result = trainer.fit(TRAIN, unrelated, new Trainer.Listener() {}, TrainingState.initial(Monitor.LOSS),
                    writingTo(file, model));
            assertTrue(result.stoppedEarly(), "no early stop in " + result.epochs().size() + " epochs");
            assertEquals(result.bestEpoch() + 2, result.epochs().size());
            float[] bestWeights = model.params().getFirst().value().toArray();

            try (Model again = model(6)) {
                TrainingState state = TrainingCheckpoint.read(file).restoreInto(again);
                assertTrue(state.stoppedEarly());
                Trainer.Result resumed = new Trainer(again, new SoftmaxCrossEntropyLoss(0f), adam(), settings)
                        .fit(TRAIN, unrelated, new Trainer.Listener() {}, state, Trainer.EpochCheckpoint.NONE);
                assertEquals(result.epochs().size(), resumed.epochs().size());
                assertArrayEquals(bestWeights, again.params().getFirst().value().toArray());
            }
        }
    }

    @Test
    void aDivergingRunNamesEpochAndStepAndLeavesTheLastCheckpointIntact() throws IOException {
        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        List<byte[]> afterFirstEpoch = new ArrayList<>();
        try (Model model = model(7)) {
            Trainer.Listener poison = new Trainer.Listener() {
                @Override
                public void batchDone(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond) {
                    if (epoch == 1 && batch == 0) { // a weight goes bad in the second epoch's first step
                        Buffers.set(model.params().getFirst().value().data(), 5, Float.NaN);
                    }
                }

                @Override
                public void epochDone(EpochStats stats) {
                    try {
                        afterFirstEpoch.add(Files.readAllBytes(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            TrainingDivergedException error = assertThrows(TrainingDivergedException.class, () -> trainer(model, adam(), 0, Monitor.LOSS)
                    .fit(TRAIN, VALIDATION, poison, TrainingState.initial(Monitor.LOSS), writingTo(file, model)));
            assertTrue(error.getMessage().contains("loss became NaN at epoch 2, step 2 of 10"), error.getMessage());
            assertEquals(2, error.epoch());
        }
        assertEquals(1, afterFirstEpoch.size());
        assertArrayEquals(afterFirstEpoch.getFirst(), Files.readAllBytes(file));
        try (Model model = model(8)) {
            assertEquals(1, TrainingCheckpoint.read(file).restoreInto(model).epochsDone());
            for (Param p : model.params()) {
                for (float v : p.value().toArray()) {
                    assertTrue(Float.isFinite(v), p.name());
                }
            }
        }
    }

    @Test
    void aFiniteButExplodedLossEndsTheRunAsDivergedAndLeavesTheLastCheckpointIntact() throws IOException {
        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        List<byte[]> checkpoints = new ArrayList<>();
        try (Model model = model(7)) {
            Trainer.Listener explode = new Trainer.Listener() {
                @Override
                public void batchDone(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond) {
                    if (epoch == 1 && batch == 0) { // the output layer turns huge and wrong, still finite
                        scale(model.params().get(2).value().data(), -1e5f);
                    }
                }

                @Override
                public void epochDone(EpochStats stats) {
                    try {
                        checkpoints.add(Files.readAllBytes(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            Trainer trainer = trainer(model, adam(), 0, Monitor.LOSS);
            TrainingDivergedException error = assertThrows(TrainingDivergedException.class, () -> trainer
                    .fit(TRAIN, VALIDATION, explode, TrainingState.initial(Monitor.LOSS), writingTo(file, model)));
            assertTrue(error.getMessage().contains("training loss") && error.getMessage().contains("in epoch 2 is past 110"),
                    error.getMessage());
            assertEquals(2, error.epoch());
            assertEquals(100 * Math.log(3), trainer.divergenceBound(), 1e-9);
        }
        assertEquals(1, checkpoints.size());
        assertArrayEquals(checkpoints.getFirst(), Files.readAllBytes(file));
        try (Model model = model(8)) {
            assertEquals(1, TrainingCheckpoint.read(file).restoreInto(model).epochsDone());
        }
    }

    /** Multiplies every float of a segment in place. */
    private static void scale(java.lang.foreign.MemorySegment segment, float factor) {
        for (long i = 0; i < segment.byteSize() / Float.BYTES; i++) {
            Buffers.set(segment, i, Buffers.get(segment, i) * factor);
        }
    }

    @Test
    void aModelFileOrAnotherModelsCheckpointIsRefusedWithoutTouchingTheModel() throws IOException {
        Path modelFile = dir.resolve("model.safetensors");
        Path checkpointFile = dir.resolve(TrainingCheckpoint.FILE_NAME);
        try (Model model = model(9)) {
            Safetensors.write(modelFile, model.stateDict(), Map.of());
            TrainingCheckpoint.write(checkpointFile, model, TrainingState.initial(Monitor.LOSS), Map.of());
        }
        String message = assertThrows(CorruptCheckpointException.class, () -> TrainingCheckpoint.read(modelFile)).getMessage();
        assertTrue(message.contains("not a simdnn training checkpoint"), message);

        try (Model wider = new Model(List.of(new Dense(17, Initializer.HE), new Relu(), new Dense(3, Initializer.HE)),
                TRAIN.sampleShape(), 32)) {
            float[] before = wider.params().getFirst().value().toArray();
            TrainingCheckpoint.Saved saved = TrainingCheckpoint.read(checkpointFile);
            message = assertThrows(CorruptCheckpointException.class, () -> saved.restoreInto(wider)).getMessage();
            assertTrue(message.contains("0.weight has shape [16, 16], the model expects [17, 16]"), message);
            assertArrayEquals(before, wider.params().getFirst().value().toArray());
        }
    }

    @Test
    void batchNormCountersAreCheckpointedAndOlderCheckpointsTakeTheStepCount() throws IOException {
        Path file = dir.resolve("bn-checkpoint.safetensors");
        Path older = dir.resolve("older-checkpoint.safetensors");
        try (Model trained = TestModels.model(1); Model restored = TestModels.model(2); Model fromOlder = TestModels.model(3)) {
            TestModels.train(trained, 3);
            TrainingState state = new TrainingState(1, 3, 1, 0.5, false, List.of(new EpochStats(1, 1, 0, 0.5, 1, 0.5, 0.1, 1, 10)), null);
            TrainingCheckpoint.write(file, trained, state, Map.of("architecture", TestModels.SPEC));
            Checkpoint contents = Checkpoint.read(file);
            assertEquals(List.of("1.num_batches_tracked", "7.num_batches_tracked"), List.copyOf(contents.integerTensors().keySet()));

            restored.integerBuffers().get("7.num_batches_tracked").set(0, 99);
            TrainingCheckpoint.read(file).restoreInto(restored);
            for (String name : List.of("1.num_batches_tracked", "7.num_batches_tracked")) {
                assertEquals(3, restored.integerBuffers().get(name).get(0), name);
            }

            // a checkpoint (training-state-2) written before simdnn kept the counters: they become the optimizer step count
            List<Safetensors.NamedTensor> floats = new ArrayList<>();
            contents.tensors().forEach((name, tensor) -> floats.add(new Safetensors.NamedTensor(name, tensor.shape(),
                    java.lang.foreign.MemorySegment.ofArray(tensor.values()))));
            Safetensors.writeTensors(older, floats, contents.metadata());
            TrainingCheckpoint.read(older).restoreInto(fromOlder);
            assertEquals(3, fromOlder.integerBuffers().get("1.num_batches_tracked").get(0));
            assertArrayEquals(trained.stateDict().get("7.running_var").toArray(), fromOlder.stateDict().get("7.running_var").toArray());
        }
    }

    @Test
    void aCheckpointWithATensorTheModelLacksIsRefusedAsEvalRefusesIt() throws IOException {
        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        Path extra = dir.resolve("extra-checkpoint.safetensors");
        try (Model model = model(9)) {
            TrainingCheckpoint.write(file, model, TrainingState.initial(Monitor.LOSS), Map.of());
            Checkpoint contents = Checkpoint.read(file);
            List<Safetensors.NamedTensor> floats = new ArrayList<>();
            contents.tensors().forEach((name, tensor) -> floats.add(new Safetensors.NamedTensor(name, tensor.shape(),
                    java.lang.foreign.MemorySegment.ofArray(tensor.values()))));
            floats.add(new Safetensors.NamedTensor("5.weight", new int[] {2}, java.lang.foreign.MemorySegment.ofArray(new float[2])));
            Safetensors.writeTensors(extra, floats, contents.metadata());
            float[] before = model.params().getFirst().value().toArray();
            TrainingCheckpoint.Saved saved = TrainingCheckpoint.read(extra);
            String message = assertThrows(CorruptCheckpointException.class, () -> saved.restoreInto(model)).getMessage();
            assertTrue(message.startsWith(extra + ": corrupt checkpoint: has a tensor 5.weight the model does not have"), message);
            assertArrayEquals(before, model.params().getFirst().value().toArray());
        }
    }

    @Test
    void unparsableTrainingStateNamesTheEntry() throws IOException {
        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        Path bad = dir.resolve("bad-state.safetensors");
        try (Model model = model(9)) {
            TrainingCheckpoint.write(file, model, TrainingState.initial(Monitor.LOSS), Map.of());
        }
        Checkpoint contents = Checkpoint.read(file);
        List<Safetensors.NamedTensor> floats = new ArrayList<>();
        contents.tensors().forEach((name, tensor) -> floats.add(new Safetensors.NamedTensor(name, tensor.shape(),
                java.lang.foreign.MemorySegment.ofArray(tensor.values()))));
        for (Map.Entry<String, String> damage : Map.of("state.epochs_done", "", "state.stopped_early", "yes",
                "state.history", "1,x,0,0,0,0,0,0,0").entrySet()) {
            Map<String, String> metadata = new java.util.LinkedHashMap<>(contents.metadata());
            metadata.put(damage.getKey(), damage.getValue());
            Safetensors.writeTensors(bad, floats, metadata);
            String message = assertThrows(CorruptCheckpointException.class, () -> TrainingCheckpoint.read(bad)).getMessage();
            assertTrue(message.startsWith(bad + ": corrupt checkpoint: ") && !message.contains("For input string"), message);
            assertTrue(message.contains(damage.getKey().equals("state.history") ? "'x' as field 2, not a number"
                    : "metadata " + damage.getKey() + " is '" + damage.getValue() + "', not a valid value"), message);
        }
    }
}
