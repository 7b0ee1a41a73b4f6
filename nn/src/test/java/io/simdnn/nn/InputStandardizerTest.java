package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.List;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.Adam;
import io.simdnn.nn.train.LearningRateSchedule;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import io.simdnn.nn.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * A model that standardizes its own input ({@link InputStandardizer}) computes exactly what a model
 * fed data standardized beforehand computes: training, evaluation and the weights agree bit for
 * bit, so moving the standardization into the model changed no number of a run.
 */
class InputStandardizerTest {
    private static final Dataset TRAIN = TinyData.learnable("train", 150, 4, 3, 1);
    private static final Dataset TEST = TinyData.learnable("test", 40, 4, 3, 2);

    private static Trainer trainer(Model model) {
        return new Trainer(model, new SoftmaxCrossEntropyLoss(1e-3f),
                new Adam(new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0.01f, 1f, 2), 0.9f, 0.999f, 1e-8f, 1e-3f),
                new Trainer.Settings(2, 16, 3, 0));
    }

    @Test
    void trainingOnRawDataEqualsTrainingAPlainModelOnStandardizedData() {
        ChannelStandardization standardization = ChannelStandardization.fit(TRAIN);
        float[] rawBefore = TRAIN.features().clone();
        try (Model standardizing = Model.builder("conv3x3x4p1,bn,relu,flatten,dense3").forData(TRAIN)
                     .standardization(standardization).seed(9).maxBatch(16).build();
             Model plain = Model.builder("conv3x3x4p1,bn,relu,flatten,dense3").forData(TRAIN).seed(9).maxBatch(16).build()) {
            Trainer.Result a = trainer(standardizing).fit(TRAIN, TEST, new Trainer.Listener() {});
            Trainer.Result b = trainer(plain).fit(standardization.apply(TRAIN), standardization.apply(TEST), new Trainer.Listener() {});
            assertEquals(b.epochs().stream().map(s -> s.validationLoss()).toList(),
                    a.epochs().stream().map(s -> s.validationLoss()).toList());
            List<Tensor> expected = List.copyOf(plain.stateDict().values());
            List<Tensor> actual = List.copyOf(standardizing.stateDict().values());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).toArray(), actual.get(i).toArray(), "tensor " + i);
            }
            InferenceTest.assertSameEvaluation(plain.evaluate(standardization.apply(TEST)), standardizing.evaluate(TEST));
            assertArrayEquals(rawBefore, TRAIN.features(), "the caller's data is not changed");
        }
    }

    @Test
    void standardizesEachChannelWithItsOwnStatistics() {
        ChannelStandardization standardization = new ChannelStandardization(new float[] {1f, -2f}, new float[] {2f, 4f});
        try (Arena arena = Arena.ofConfined()) {
            InputStandardizer stage = new InputStandardizer(standardization, new int[] {2, 1, 2}, 2, arena);
            float[] values = {3, 5, 2, 6, -1, 1, -2, 10}; // two samples of two channels of two values
            Tensor input = new Tensor(new int[] {2, 2, 1, 2}, Buffers.copyOf(arena, values));
            assertArrayEquals(new float[] {1, 2, 1, 2, -1, 0, 0, 3}, stage.apply(input).toArray());
            assertArrayEquals(new float[] {1, 2, 1, 2}, stage.apply(input.firstRows(1)).toArray(), "a smaller batch");
            assertArrayEquals(values, input.toArray(), "the input is not changed");
        }
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new InputStandardizer(standardization, new int[] {3, 1, 2}, 2, Arena.ofAuto()));
        assertTrue(error.getMessage().contains("2 channels"), error.getMessage());
    }
}
