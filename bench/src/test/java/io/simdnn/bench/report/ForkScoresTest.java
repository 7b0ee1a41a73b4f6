package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForkScoresTest {
    @Test
    void medianAndSpreadOfForks() {
        ForkScores odd = ForkScores.of(3, 1, 2);
        assertEquals(2, odd.median());
        assertEquals(1, odd.min());
        assertEquals(3, odd.max());
        assertEquals(2.5, ForkScores.of(4, 1, 2, 3).median());
        assertEquals(10, ForkScores.of(1, 2, 3).scaled(5).median());
    }
}
