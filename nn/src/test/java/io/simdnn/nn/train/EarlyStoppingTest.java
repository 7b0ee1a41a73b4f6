package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Best epoch and patience, for both monitors; the loss monitor follows the data loss; without validation the last epoch is kept. */
class EarlyStoppingTest {
    private static EpochStats epoch(int epoch, double validationLoss, double validationAccuracy) {
        return epoch(epoch, validationLoss, validationAccuracy, 0.01);
    }

    private static EpochStats epoch(int epoch, double validationLoss, double validationAccuracy, double l2Penalty) {
        return new EpochStats(epoch, 1, l2Penalty, 0.5, validationLoss, validationAccuracy, 0.1, 1, 100);
    }

    @Test
    void theLossMonitorComparesDataLossesNotPenalizedOnes() {
        EarlyStopping stopping = new EarlyStopping(Monitor.LOSS, 1, 0, Monitor.LOSS.worst());
        assertTrue(stopping.offer(1, epoch(1, 0.50, 0.8, 0.01)));
        // data loss 0.45 < 0.50 wins, although data + L2 (0.65 against 0.51) would not
        assertTrue(stopping.offer(2, epoch(2, 0.45, 0.8, 0.20)));
        assertEquals(2, stopping.bestEpoch());
        assertEquals(0.45, stopping.bestValue());
        assertEquals(0.45, Monitor.LOSS.measure(epoch(3, 0.45, 0.8, 0.20)));
    }

    @Test
    void withoutValidationEveryEpochIsTheKeptOneAndNothingStops() {
        EarlyStopping last = EarlyStopping.lastEpoch(2);
        assertEquals(2, last.bestEpoch());
        for (int e = 3; e < 10; e++) {
            assertTrue(last.offer(e, epoch(e, Double.NaN, Double.NaN)));
            assertEquals(e, last.bestEpoch());
            assertFalse(last.shouldStop(e));
        }
        assertTrue(Double.isNaN(last.bestValue()));
    }

    @Test
    void lossMustFallAndPatienceCountsEpochsSinceTheBest() {
        EarlyStopping stopping = new EarlyStopping(Monitor.LOSS, 2, 0, Monitor.LOSS.worst());
        assertTrue(stopping.offer(1, epoch(1, 0.9, 0.1)));
        assertTrue(stopping.offer(2, epoch(2, 0.5, 0.1)));
        assertFalse(stopping.offer(3, epoch(3, 0.5, 0.9)), "a tie is no improvement");
        assertFalse(stopping.shouldStop(3));
        assertFalse(stopping.offer(4, epoch(4, 0.6, 0.9)));
        assertTrue(stopping.shouldStop(4));
        assertEquals(2, stopping.bestEpoch());
        assertEquals(0.5, stopping.bestValue());
    }

    @Test
    void accuracyMustRiseAndPatienceZeroNeverStops() {
        EarlyStopping stopping = new EarlyStopping(Monitor.ACCURACY, 0, 0, Monitor.ACCURACY.worst());
        assertTrue(stopping.offer(1, epoch(1, 0.9, 0.4)));
        assertFalse(stopping.offer(2, epoch(2, 0.1, 0.3)));
        assertTrue(stopping.offer(3, epoch(3, 0.9, 0.45)));
        for (int e = 4; e < 50; e++) {
            stopping.offer(e, epoch(e, 0.1, 0.2));
            assertFalse(stopping.shouldStop(e));
        }
        assertEquals(3, stopping.bestEpoch());
    }

    @Test
    void aResumedTrackerContinuesFromItsState() {
        EarlyStopping resumed = new EarlyStopping(Monitor.ACCURACY, 1, 4, 0.8);
        assertFalse(resumed.offer(5, epoch(5, 0.1, 0.8)));
        assertTrue(resumed.shouldStop(5));
        assertThrows(IllegalArgumentException.class, () -> Monitor.parse("speed"));
        assertEquals(Monitor.ACCURACY, Monitor.parse(" Accuracy"));
    }
}
