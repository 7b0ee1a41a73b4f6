package io.simdnn.nn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void accuracyPrecisionAndRecallByHand() {
        // true:      0 0 0 1 1 2
        // predicted: 0 0 1 1 0 1
        Evaluation e = Evaluation.of(0.5, new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 0, 1}, List.of("a", "b", "c"));
        assertArrayEquals(new long[] {2, 1, 0}, e.confusion()[0]);
        assertArrayEquals(new long[] {1, 1, 0}, e.confusion()[1]);
        assertArrayEquals(new long[] {0, 1, 0}, e.confusion()[2]);
        assertEquals(3 / 6.0, e.accuracy(), 1e-12);
        assertEquals(2 / 3.0, e.precision(0), 1e-12); // predicted 0: three times, twice right
        assertEquals(2 / 3.0, e.recall(0), 1e-12);
        assertEquals(1 / 3.0, e.precision(1), 1e-12);
        assertEquals(1 / 2.0, e.recall(1), 1e-12);
        assertTrue(Double.isNaN(e.precision(2)), "nobody predicted c: 0/0");
        assertEquals(0.0, e.recall(2), 1e-12);
    }
}
