package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import io.simdnn.nn.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * {@link Model#predict}, {@link Model#predictAll} and {@link Model#evaluate} ({@link Inference}):
 * they agree with each other and with the trainer's evaluation, over several batches and a partial
 * last one, and refuse samples of the wrong size or data of the wrong shape.
 */
class InferenceTest {
    private static final Dataset TRAIN = TinyData.learnable("train", 120, 4, 3, 1);
    private static final Dataset TEST = TinyData.learnable("test", 23, 4, 3, 2); // 3 batches of 10: 10, 10, 3

    static void assertSameEvaluation(Evaluation expected, Evaluation actual) {
        assertEquals(expected.loss(), actual.loss());
        assertArrayEquals(expected.confusion(), actual.confusion());
        assertEquals(expected.classNames(), actual.classNames());
    }

    private static Model trained() {
        Model model = Model.builder("mlp:16").forData(TRAIN).seed(3).maxBatch(10).build();
        new Trainer(model, new SoftmaxCrossEntropyLoss(0f), new SgdMomentum(0.1f, 0.9f, 1f, 0f), new Trainer.Settings(3, 10, 3, 0))
                .fit(TRAIN, TEST, new Trainer.Listener() {});
        return model;
    }

    @Test
    void evaluateIsTheTrainersEvaluationWithoutARegularizationTerm() {
        try (Model model = trained()) {
            Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(0f), new SgdMomentum(1f, 0f, 1f, 0f),
                    new Trainer.Settings(1, 10, 0, 0));
            Evaluation evaluation = model.evaluate(TEST);
            assertSameEvaluation(trainer.evaluate(TEST), evaluation);
            assertEquals(TEST.count(), evaluation.total());
            assertTrue(evaluation.accuracy() > 0.8, "a learnable task: " + evaluation.accuracy());
        }
    }

    @Test
    void predictionsAgreeWithEvaluationAndWithEachOther() {
        try (Model model = trained()) {
            List<Prediction> all = model.predictAll(TEST.features());
            assertEquals(TEST.count(), all.size());
            Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(0f), new SgdMomentum(1f, 0f, 1f, 0f),
                    new Trainer.Settings(1, 10, 0, 0));
            int[] predicted = trainer.predict(TEST);
            int size = TEST.sampleSize();
            for (int i = 0; i < all.size(); i++) {
                Prediction prediction = all.get(i);
                assertEquals(predicted[i], prediction.predicted(), "sample " + i);
                float sum = 0;
                for (float p : prediction.probabilities()) {
                    assertTrue(p >= prediction.probability() || p <= prediction.probability());
                    sum += p;
                }
                assertEquals(1f, sum, 1e-5f);
                assertEquals(prediction.probability(), prediction.top(1).getFirst().probability());
                assertEquals(TRAIN.classNames(), prediction.classNames());
            }
            float[] third = java.util.Arrays.copyOfRange(TEST.features(), 2 * size, 3 * size);
            assertEquals(all.get(2).predicted(), model.predict(third).predicted());
            assertArrayEquals(all.get(2).probabilities(), model.predict(third).probabilities(), 1e-6f);
        }
    }

    @Test
    void wrongSizesAndShapesAreRefusedWithTheirNumbers() {
        try (Model model = Model.builder("mlp:4").forData(TRAIN).build()) {
            IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> model.predict(new float[15]));
            assertTrue(one.getMessage().contains("16 values, got 15"), one.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.predictAll(new float[0]));
            IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> model.predictAll(new float[40]));
            assertTrue(many.getMessage().contains("40 values"), many.getMessage());
            Dataset wider = TinyData.learnable("wider", 5, 6, 3, 1);
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> model.evaluate(wider));
            assertTrue(shape.getMessage().contains("[1, 4, 4]") && shape.getMessage().contains("[1, 6, 6]"), shape.getMessage());
            Dataset twoClasses = TinyData.learnable("two", 5, 4, 2, 1);
            assertThrows(IllegalArgumentException.class, () -> model.evaluate(twoClasses));
        }
    }
}
