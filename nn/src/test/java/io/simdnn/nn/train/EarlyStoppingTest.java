package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Best epoch and patience, for both monitors. */
class EarlyStoppingTest {
    private static EpochStats epoch(int epoch, double validationLoss, double validationAccuracy) {
        return new EpochStats(epoch, 1, 0.5, validationLoss, validationAccuracy, 0.1, 1, 100);
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
