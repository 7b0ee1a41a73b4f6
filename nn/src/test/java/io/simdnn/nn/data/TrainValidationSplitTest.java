package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The held-out set is a seeded, disjoint, reproducible subset. */
class TrainValidationSplitTest {
    /** Sample i has the single feature i, so features identify samples. */
    private static Dataset numbered(int count) {
        float[] features = new float[count];
        for (int i = 0; i < count; i++) {
            features[i] = i;
        }
        return new Dataset("n", features, new int[count], new int[] {1}, List.of("only"));
    }

    @Test
    void splitsDisjointlyAndTheSameWayForTheSameSeed() {
        TrainValidationSplit split = TrainValidationSplit.split(numbered(100), 30, 7, TrainValidationSplit.NO_LIMIT);
        assertEquals(70, split.train().count());
        assertEquals(30, split.validation().count());
        Set<Float> seen = new HashSet<>();
        for (float f : split.train().features()) {
            seen.add(f);
        }
        for (float f : split.validation().features()) {
            assertFalse(seen.contains(f), "sample " + f + " is in both sets");
            seen.add(f);
        }
        assertEquals(100, seen.size());
        TrainValidationSplit again = TrainValidationSplit.split(numbered(100), 30, 7, TrainValidationSplit.NO_LIMIT);
        assertArrayEquals(split.validation().features(), again.validation().features());
        TrainValidationSplit other = TrainValidationSplit.split(numbered(100), 30, 8, TrainValidationSplit.NO_LIMIT);
        assertFalse(java.util.Arrays.equals(split.validation().features(), other.validation().features()));
    }

    @Test
    void limitingTheTrainingSetKeepsTheValidationSet() {
        TrainValidationSplit full = TrainValidationSplit.split(numbered(100), 30, 7, TrainValidationSplit.NO_LIMIT);
        TrainValidationSplit limited = TrainValidationSplit.split(numbered(100), 30, 7, 10);
        assertEquals(10, limited.train().count());
        assertArrayEquals(java.util.Arrays.copyOf(full.train().features(), 10), limited.train().features());
        assertArrayEquals(full.validation().features(), limited.validation().features());
    }

    @Test
    void noValidationTrainsOnEverySampleInTheSeededOrder() {
        TrainValidationSplit none = TrainValidationSplit.split(numbered(100), 0, 7, TrainValidationSplit.NO_LIMIT);
        assertNull(none.validation());
        assertEquals(100, none.train().count());
        Set<Float> seen = new HashSet<>();
        for (float f : none.train().features()) {
            seen.add(f);
        }
        assertEquals(100, seen.size(), "every sample once");
        TrainValidationSplit held = TrainValidationSplit.split(numbered(100), 30, 7, TrainValidationSplit.NO_LIMIT);
        assertArrayEquals(held.train().features(), java.util.Arrays.copyOf(none.train().features(), 70),
                "the same permutation: the first samples are those a split with validation trains on");
        assertEquals(10, TrainValidationSplit.split(numbered(100), 0, 7, 10).train().count());
    }

    @Test
    void impossibleSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.split(numbered(10), 10, 1, TrainValidationSplit.NO_LIMIT));
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.split(numbered(10), -1, 1, TrainValidationSplit.NO_LIMIT));
        assertThrows(IllegalArgumentException.class, () -> TrainValidationSplit.split(numbered(10), 3, 1, 0));
    }
}
