package io.simdnn.app;

import static io.simdnn.app.CommandLineRunner.onlyDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.TinyData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One meaning of "loss" from {@code train} to {@code eval}, {@code epochs.jsonl} and
 * {@code metrics.json}, with the L2 penalty beside it; {@code --validation 0}; portable run
 * directory names for spec models.
 */
class LossAndValidationTest {
    @TempDir
    Path dir;

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainAndEvalReportTheSameDataLossAndThePenaltyApart() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 300, 60);
        // a large L2 coefficient: a loss with the penalty in it would be far from one without
        CommandLineRunner.Run train = CommandLineRunner.run("train", "--data", data.toString(), "--out", dir.resolve("runs").toString(),
                "--model", "mlp", "--hidden", "16", "--epochs", "2", "--batch", "32", "--validation", "60", "--l2", "0.01",
                "--threads", "1");
        assertEquals(0, train.exit(), train.err());
        double trainLoss = number(train.out(), "test accuracy [\\d.]+%, loss (\\d+\\.\\d+)");
        double penalty = number(train.out(), "\\(L2 penalty (\\d+\\.\\d+) not included\\)");
        assertTrue(penalty > 0.005, train.out());

        Path run = onlyDirectory(dir.resolve("runs"));
        CommandLineRunner.Run eval = CommandLineRunner.run("eval", run.resolve("model.safetensors").toString(), "--data", data.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertEquals(trainLoss, number(eval.out(), "accuracy [\\d.]+%, loss (\\d+\\.\\d+)"), "train and eval disagree on the test loss");

        String metrics = Files.readString(run.resolve("metrics.json"));
        assertEquals(trainLoss, number(metrics, "\"test\": \\{\\s*\"loss\": ([\\d.e-]+)"), 5e-5, metrics);
        assertEquals(penalty, number(metrics, "\"l2_penalty\": ([\\d.e-]+)"), 5e-5, metrics);
        List<String> epochs = Files.readAllLines(run.resolve("epochs.jsonl"));
        assertEquals(2, epochs.size());
        for (String epoch : epochs) {
            assertTrue(number(epoch, "\"l2_penalty\":([\\d.]+)") > 0.005, epoch);
        }
        assertTrue(Files.readString(run.resolve("report.html")).contains("L2 penalty"));
    }

    @Test
    void validationZeroTrainsOnEverySampleAndSaysSelectionIsOff() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 200, 30);
        CommandLineRunner.Run train = CommandLineRunner.run("train", "--data", data.toString(), "--out", dir.resolve("runs").toString(),
                "--model", "mlp", "--hidden", "8", "--epochs", "2", "--batch", "32", "--validation", "0", "--threads", "1");
        assertEquals(0, train.exit(), train.err());
        List<String> notes = train.out().lines().filter(l -> l.contains("best-epoch selection")).toList();
        assertEquals(1, notes.size(), train.out());
        assertTrue(notes.getFirst().contains("200 training") && notes.getFirst().contains("early stopping and best-epoch selection are off"),
                notes.getFirst());
        assertTrue(train.out().contains("| no validation |"), train.out());

        Path run = onlyDirectory(dir.resolve("runs"));
        for (String epoch : Files.readAllLines(run.resolve("epochs.jsonl"))) {
            assertTrue(epoch.contains("\"val_loss\":null,\"val_accuracy\":null"), epoch);
        }
        String metrics = Files.readString(run.resolve("metrics.json"));
        assertFalse(metrics.contains("NaN"), metrics);
        assertTrue(Files.isRegularFile(run.resolve("report.html")) && Files.isRegularFile(run.resolve("loss.png")));

        // resuming a run without validation continues without it
        CommandLineRunner.Run resumed = CommandLineRunner.run("train", "--resume", run.toString(), "--epochs", "3");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(3, Files.readAllLines(run.resolve("epochs.jsonl")).size());
    }

    @Test
    void patienceWithoutValidationAndASweepWithoutValidationAreRefused() {
        CommandLineRunner.Run patience = CommandLineRunner.run("train", "--validation", "0", "--patience", "2", "--out",
                dir.resolve("runs").toString());
        assertEquals(Main.USAGE, patience.exit());
        assertTrue(patience.err().contains("--patience 2 needs a validation set"), patience.err());
        CommandLineRunner.Run sweep = CommandLineRunner.run("sweep", "--validation", "0", "--out", dir.resolve("runs").toString());
        assertEquals(Main.USAGE, sweep.exit());
        assertTrue(sweep.err().contains("--validation 0 holds out nothing"), sweep.err());
        CommandLineRunner.Run negative = CommandLineRunner.run("train", "--validation", "-1", "--out", dir.resolve("runs").toString());
        assertNotEquals(0, negative.exit());
        assertFalse(Files.exists(dir.resolve("runs")), "nothing is created before the settings are checked");
    }

    @Test
    void aSpecModelsRunDirectoryNameIsPortable() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 100, 20);
        CommandLineRunner.Run train = CommandLineRunner.run("train", "--data", data.toString(), "--out", dir.resolve("runs").toString(),
                "--model", "conv3x3x4p1,relu,flatten,dense10", "--epochs", "1", "--batch", "20", "--validation", "20", "--threads", "1");
        assertEquals(0, train.exit(), train.err());
        String name = onlyDirectory(dir.resolve("runs")).getFileName().toString();
        assertTrue(name.matches("\\d{8}-\\d{6}-conv3x3x4p1_relu_flatten_dense10"), name);
    }
}
