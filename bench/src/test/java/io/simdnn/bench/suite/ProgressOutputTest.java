package io.simdnn.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

class ProgressOutputTest {
    @Test
    void countsConfigurationsAndExtrapolatesTheTimeLeft() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ProgressOutput progress = new ProgressOutput(new PrintStream(console, true),
                OutputFormatFactory.createFormatInstance(new PrintStream(new ByteArrayOutputStream()), VerboseMode.SILENT),
                12, Duration.ofSeconds(120), now::get);
        // before anything finished: the plan's 10 s per configuration x 12
        assertEquals("[ 0/12] A.b x=1 | 0:00 elapsed, about 2:00 left", progress.progressLine("A.b", "x=1"));
        progress.endBenchmark(null); // one done in 30 s: 11 more at 30 s each
        now.addAndGet(30_000_000_000L);
        assertEquals("[ 0/12] A.b x=1 | 0:30 elapsed, about 5:30 left", progress.progressLine("A.b", "x=1"));
    }

    @Test
    void formatsMinutes() {
        assertEquals("0:00", ProgressOutput.minutes(Duration.ofMillis(-5)));
        assertEquals("20:05", ProgressOutput.minutes(Duration.ofSeconds(1205)));
    }
}
