package io.simdnn.app;

import static io.simdnn.app.CommandLineRunner.args;
import static io.simdnn.app.CommandLineRunner.onlyDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.TinyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep} end to end on small generated data: one run per grid point, tabulated as Markdown and CSV. */
class SweepCommandTest {
    @TempDir
    Path dir;

    @Test
    void sweepTabulatesEveryGridPoint() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 200, 30);
        List<String> common = List.of("--data", data.toString(), "--out", dir.resolve("s").toString(), "--validation", "40",
                "--batch", "32", "--threads", "1", "--patience", "0");
        CommandLineRunner.Run sweep = CommandLineRunner.run(args("sweep", common, "--hidden", "8", "--hidden", "12,8",
                "--lr", "0.01,0.05", "--epochs", "1"));
        assertEquals(0, sweep.exit(), sweep.err());
        Path sweepDir = onlyDirectory(dir.resolve("s"));
        assertTrue(sweepDir.getFileName().toString().startsWith("sweep-"), sweepDir.toString());
        List<String> markdown = Files.readAllLines(sweepDir.resolve("sweep.md"));
        assertEquals(2 + 4, markdown.size(), String.join("\n", markdown));
        assertTrue(markdown.get(2).startsWith("| 1 | mlp:8 | 0.01 | 1 |"), markdown.get(2));
        assertTrue(markdown.get(5).startsWith("| 4 | mlp:12,8 | 0.05 | 1 |"), markdown.get(5));
        List<String> csv = Files.readAllLines(sweepDir.resolve("sweep.csv"));
        assertEquals("run,model,lr,epochs,best epoch,val accuracy,val loss,test accuracy,seconds,directory", csv.getFirst());
        assertTrue(csv.get(4).startsWith("4,\"mlp:12,8\",0.05,1,1,"), csv.get(4));
        try (Stream<Path> runs = Files.list(sweepDir)) {
            assertEquals(4, runs.filter(p -> Files.isRegularFile(p.resolve("model.safetensors"))).count());
        }
        assertTrue(sweep.out().contains("best by validation accuracy"), sweep.out());
    }
}
