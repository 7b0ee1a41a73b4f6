package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Prediction}: the predicted class, top-k order and its ties, and the checks of its constructor. */
class PredictionTest {
    private static final List<String> NAMES = List.of("cat", "dog", "bird", "fish");

    @Test
    void topKIsMostProbableFirstAndClampedToTheClasses() {
        Prediction prediction = new Prediction(2, new float[] {0.1f, 0.2f, 0.6f, 0.1f}, NAMES);
        assertEquals("bird", prediction.className());
        assertEquals(0.6f, prediction.probability());
        assertEquals(List.of(new Prediction.ClassProbability(2, "bird", 0.6f), new Prediction.ClassProbability(1, "dog", 0.2f)),
                prediction.top(2));
        List<Prediction.ClassProbability> all = prediction.top(10);
        assertEquals(4, all.size());
        assertEquals(List.of(2, 1, 0, 3), all.stream().map(Prediction.ClassProbability::index).toList(),
                "equal probabilities in class order");
        assertThrows(IllegalArgumentException.class, () -> prediction.top(0));
    }

    @Test
    void thePredictedClassComesFirstAmongEqualProbabilities() {
        // probabilities equal in float although the logits differed: the model's own choice ranks first
        Prediction prediction = new Prediction(3, new float[] {0.25f, 0.25f, 0.25f, 0.25f}, NAMES);
        assertEquals(List.of(3, 0, 1, 2), prediction.top(4).stream().map(Prediction.ClassProbability::index).toList());
    }

    @Test
    void keepsCopiesAndChecksItsArguments() {
        float[] probabilities = {0.5f, 0.5f, 0f, 0f};
        Prediction prediction = new Prediction(0, probabilities, NAMES);
        probabilities[0] = 9;
        assertEquals(0.5f, prediction.probability());
        prediction.probabilities()[0] = 9;
        assertArrayEquals(new float[] {0.5f, 0.5f, 0f, 0f}, prediction.probabilities());
        assertEquals(new Prediction(0, new float[] {0.5f, 0.5f, 0f, 0f}, NAMES), prediction);
        assertThrows(IllegalArgumentException.class, () -> new Prediction(0, new float[3], NAMES));
        assertThrows(IllegalArgumentException.class, () -> new Prediction(4, new float[4], NAMES));
        assertThrows(IllegalArgumentException.class, () -> new Prediction(-1, new float[4], NAMES));
    }
}
