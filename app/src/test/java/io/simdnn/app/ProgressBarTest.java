package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.train.EpochStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * On a terminal the bar shows step, running loss, speed and ETA and the epoch line replaces it;
 * elsewhere only the epoch lines are written, one per epoch, with no carriage return.
 */
class ProgressBarTest {
    private static final EpochStats FIRST = new EpochStats(1, 1.3, 0.0123, 0.6, 1.1, 0.65, 0.05, 2.5, 400);
    private static final EpochStats SECOND = new EpochStats(2, 1.2, 0.0125, 0.62, 1.0, 0.66, 0.04, 2.5, 400);

    @Test
    void showsStepLossSpeedAndEta() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), 30, true);
        String line = bar.line(2, 9, 40, 0.51234, 1234.4, 95, 7);
        assertEquals("\repoch 3/30 [=======                       ] step 10/40  loss 0.5123  1234 samples/s  ETA 1m35s ", line);
    }

    @Test
    void onATerminalDrawsTheFirstAndLastStepAndEndsWithTheEpochLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, true);
        bar.batchDone(0, 0, 3, 1.5, 100);
        bar.batchDone(0, 1, 3, 1.4, 100); // within 0.2 s of the first: skipped
        bar.batchDone(0, 2, 3, 1.3, 100);
        bar.epochDone(FIRST);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("step 1/3  loss 1.5000") && out.contains("step 3/3  loss 1.3000"), out);
        assertTrue(!out.contains("step 2/3"), out);
        assertTrue(out.contains("\repoch 1/2  train loss 1.3000 acc 0.6000 | val loss 1.1000 acc 0.6500 | L2 penalty 0.0123 "
                + "| lr 0.05000 | 2.5 s, 400 samples/s"), out);
    }

    @Test
    void offATerminalWritesOneLinePerEpochAndNoCarriageReturn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, false);
        for (EpochStats epoch : new EpochStats[] {FIRST, SECOND}) {
            for (int b = 0; b < 500; b++) {
                bar.batchDone(epoch.epoch() - 1, b, 500, 1.0, 100);
            }
            bar.epochDone(epoch);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), out);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.lines().allMatch(line -> line.startsWith("epoch ") && line.endsWith("samples/s")), out);
    }

    @Test
    void anEpochWithoutValidationOrPenaltySaysSo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1, false);
        bar.epochDone(new EpochStats(1, 0.9, 0, 0.7, Double.NaN, Double.NaN, 0.1, 1, 50));
        assertEquals("epoch 1/1  train loss 0.9000 acc 0.7000 | no validation | lr 0.1000 | 1.0 s, 50 samples/s",
                bytes.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void onlyAConsoleThatIsATerminalAndNotDumbGetsTheBar() {
        assertTrue(ProgressBar.isTerminal(true, "xterm-256color"));
        assertTrue(ProgressBar.isTerminal(true, null));
        assertFalse(ProgressBar.isTerminal(true, "dumb"));
        assertFalse(ProgressBar.isTerminal(false, "xterm-256color"));
        // Maven runs the tests with output into a file or pipe, and another stream is never the terminal
        assertFalse(ProgressBar.on(System.out, 3).drawsDuringEpochs());
        assertFalse(ProgressBar.on(new PrintStream(new ByteArrayOutputStream()), 3).drawsDuringEpochs());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("0s", ProgressBar.duration(0.2));
        assertEquals("59s", ProgressBar.duration(59.4));
        assertEquals("1m00s", ProgressBar.duration(59.6));
        assertEquals("1h01m", ProgressBar.duration(3661));
    }
}
