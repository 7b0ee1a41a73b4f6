package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class CoreRoundTripTest {

    @Test
    void aProbeReadsAgainAndEndsItsPartner() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one CPU: no round trip to measure");
        CoreRoundTrip probe = new CoreRoundTrip();
        try (probe) {
            for (int reading = 0; reading < 3; reading++) {
                long nanos = probe.measure();
                // two transfers of a line between CPUs: tens of nanoseconds at the very least, well under a millisecond
                assertTrue(nanos >= 10 && nanos < 1_000_000, nanos + " ns");
            }
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("core-round-trip") && t.isAlive()),
                "the partner thread outlived close()");
    }

    @Test
    void theOneShotReadingIsThere() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one CPU: no round trip to measure");
        assertTrue(CoreRoundTrip.measureNanos().isPresent());
    }
}
