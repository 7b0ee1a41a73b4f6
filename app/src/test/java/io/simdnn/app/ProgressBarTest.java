package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.train.EpochStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bar shows step, running loss, speed and ETA; the epoch line the epoch's numbers. */
class ProgressBarTest {
    @Test
    void showsStepLossSpeedAndEta() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), 30);
        String line = bar.line(2, 9, 40, 0.51234, 1234.4, 95, 7);
        assertEquals("\repoch 3/30 [=======                       ] step 10/40  loss 0.5123  1234 samples/s  ETA 1m35s ", line);
    }

    @Test
    void drawsTheFirstAndLastStepAndEndsWithTheEpochLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2);
        bar.batchDone(0, 0, 3, 1.5, 100);
        bar.batchDone(0, 1, 3, 1.4, 100); // within 0.2 s of the first: skipped
        bar.batchDone(0, 2, 3, 1.3, 100);
        bar.epochDone(new EpochStats(1, 1.3, 0.6, 1.1, 0.65, 0.05, 2.5, 400));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("step 1/3  loss 1.5000") && out.contains("step 3/3  loss 1.3000"), out);
        assertTrue(!out.contains("step 2/3"), out);
        assertTrue(out.contains("epoch 1/2  train loss 1.3000 acc 0.6000 | val loss 1.1000 acc 0.6500 | lr 0.05000 | 2.5 s, 400 samples/s"), out);
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("0s", ProgressBar.duration(0.2));
        assertEquals("59s", ProgressBar.duration(59.4));
        assertEquals("1m00s", ProgressBar.duration(59.6));
        assertEquals("1h01m", ProgressBar.duration(3661));
    }
}
