package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import io.simdnn.nn.Model;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.io.Checkpoint.CorruptCheckpointException;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Relu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One meaning of "loss": the trainer's training, validation and evaluation losses are data losses,
 * the L2 penalty is reported on its own; and training without a validation set keeps the last
 * epoch and refuses early stopping.
 */
class TrainerLossTest {
    private static final Dataset TRAIN = TinyData.learnable("train", 300, 4, 3, 1);
    private static final Dataset VALIDATION = TinyData.learnable("validation", 90, 4, 3, 5);
    /** Large enough that a loss with the penalty in it is far from one without. */
    private static final float L2 = 0.01f;
    private static final int BATCH = 32;

    @TempDir
    Path dir;

    private static Model model() {
        Model model = new Model(List.of(new Dense(16, Initializer.HE), new Relu(), new Dense(3, Initializer.HE)),
                TRAIN.sampleShape(), BATCH);
        model.initialize(new SplittableRandom(3));
        return model;
    }

    private static Optimizer sgd() {
        return new SgdMomentum(SgdMomentum.Variant.CLASSICAL,
                new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0.05f, 1f, 3), 0.9f, L2);
    }

    private static Trainer trainer(Model model, float l2, int patience) {
        return new Trainer(model, new SoftmaxCrossEntropyLoss(l2), sgd(), new Trainer.Settings(3, BATCH, 11, patience, Monitor.LOSS));
    }

    @Test
    void validationAndEvaluationLossesAreDataLossesAndThePenaltyIsApart() {
        try (Model model = model()) {
            Trainer trainer = trainer(model, L2, 0);
            Trainer.Result result = trainer.fit(TRAIN, VALIDATION, new Trainer.Listener() {});
            EpochStats kept = result.epochs().get(result.bestEpoch() - 1);

            // the kept weights are in the model: a trainer without L2 measures the same validation loss, bit for bit
            Trainer noPenalty = new Trainer(model, new SoftmaxCrossEntropyLoss(0f), sgd(), new Trainer.Settings(1, BATCH, 0, 0));
            double dataLoss = noPenalty.evaluate(VALIDATION).loss();
            assertEquals(dataLoss, kept.validationLoss());
            assertEquals(dataLoss, trainer.evaluate(VALIDATION).loss(), "evaluate must not add the penalty");

            double penalty = new SoftmaxCrossEntropyLoss(L2).penalty(model.params());
            assertTrue(penalty > 0.01, "penalty " + penalty);
            assertEquals(penalty, kept.l2Penalty());
            for (EpochStats epoch : result.epochs()) {
                assertTrue(epoch.l2Penalty() > 0, "epoch " + epoch.epoch());
                assertTrue(epoch.validated());
                // a data loss of 3 classes starts near ln 3 and falls: with the penalty in it, it would not be below it
                assertTrue(epoch.trainLoss() < Math.log(3), "train loss " + epoch.trainLoss());
            }
            assertTrue(kept.toJson().contains("\"l2_penalty\":" + String.format(java.util.Locale.ROOT, "%.6f", penalty)), kept.toJson());
        }
    }

    @Test
    void withoutValidationTheLastEpochIsKeptAndCheckpointed() throws IOException {
        Path file = dir.resolve(TrainingCheckpoint.FILE_NAME);
        try (Model model = model()) {
            List<float[]> lastWeights = new ArrayList<>();
            Trainer.Listener recorder = new Trainer.Listener() {
                @Override
                public void epochDone(EpochStats stats) {
                    lastWeights.clear();
                    model.params().forEach(p -> lastWeights.add(p.value().toArray()));
                }
            };
            Trainer.EpochCheckpoint checkpoint = state -> {
                try {
                    TrainingCheckpoint.write(file, model, state, Map.of());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            Trainer.Result result = trainer(model, L2, 0).fit(TRAIN, null, recorder, TrainingState.initial(Monitor.LOSS), checkpoint);
            assertEquals(3, result.epochs().size());
            assertEquals(3, result.bestEpoch());
            assertFalse(result.stoppedEarly());
            for (EpochStats epoch : result.epochs()) {
                assertFalse(epoch.validated());
                assertTrue(Double.isNaN(epoch.validationAccuracy()));
                assertTrue(epoch.toJson().contains("\"val_loss\":null,\"val_accuracy\":null"), epoch.toJson());
            }
            for (int p = 0; p < model.params().size(); p++) {
                assertArrayEquals(lastWeights.get(p), model.params().get(p).value().toArray(), "parameter " + p);
            }
            TrainingState saved = TrainingCheckpoint.read(file).stateWithoutWeights();
            assertEquals(3, saved.bestEpoch());
            assertEquals(3, saved.history().size());
            assertTrue(Double.isNaN(saved.history().getLast().validationLoss()));
            assertEquals(result.epochs().getLast().l2Penalty(), saved.history().getLast().l2Penalty());
        }
    }

    @Test
    void earlyStoppingWithoutValidationIsRefused() {
        try (Model model = model()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> trainer(model, L2, 2).fit(TRAIN, null, new Trainer.Listener() {}));
            assertTrue(error.getMessage().contains("needs a validation set"), error.getMessage());
        }
    }

    @Test
    void aCheckpointOfTheEarlierFormatIsRefusedWithTheReason() throws IOException {
        Path file = dir.resolve("old.safetensors");
        Safetensors.writeTensors(file, List.of(), Map.of(TrainingCheckpoint.FORMAT_KEY, "training-state-1"));
        CorruptCheckpointException error = assertThrows(CorruptCheckpointException.class, () -> TrainingCheckpoint.read(file));
        assertTrue(error.getMessage().contains("losses included the L2 penalty"), error.getMessage());
    }
}
