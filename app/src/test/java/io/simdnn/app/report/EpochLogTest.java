package io.simdnn.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.train.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per epoch; a resumed run's log starts from its checkpoint's epochs. */
class EpochLogTest {
    @TempDir
    Path dir;

    private static EpochStats epoch(int n) {
        return new EpochStats(n, 1.0 / n, 0.01 * n, 0.5, 0.9 / n, 0.6, 0.05, 2, 1000);
    }

    @Test
    void rewritesEarlierEpochsThenAppendsEachNewOne() throws IOException {
        Path file = dir.resolve(EpochLog.FILE_NAME);
        Files.writeString(file, epoch(1).toJson() + "\n" + epoch(2).toJson() + "\n" + epoch(3).toJson() + "\n");
        // the checkpoint knows only two epochs: the third line (logged after it) must go
        EpochLog log = new EpochLog(file, List.of(epoch(1), epoch(2)));
        assertEquals(2, Files.readAllLines(file).size());
        log.epochDone(epoch(3));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("{\"epoch\":3,\"train_loss\":0.333333,\"l2_penalty\":0.030000,\"train_accuracy\":0.500000,"
                + "\"val_loss\":0.300000,\"val_accuracy\":0.600000,\"lr\":"), lines.get(2));
        assertTrue(lines.get(2).contains("\"seconds\":2.000,\"samples_per_second\":1000.0}"), lines.get(2));
    }
}
