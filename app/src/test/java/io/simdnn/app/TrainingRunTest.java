package io.simdnn.app;

import static io.simdnn.app.CommandLineRunner.args;
import static io.simdnn.app.CommandLineRunner.onlyDirectory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.train.EpochStats;
import io.simdnn.nn.train.Trainer;
import io.simdnn.nn.train.TrainingCheckpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train}, {@code train --resume} and {@code eval} end to end on small generated data: run
 * directories with every file, a resumed run equal to an uninterrupted one, standardization carried
 * to eval, CIFAR-10 through {@code --data}.
 */
class TrainingRunTest {
    @TempDir
    Path dir;

    private List<String> options(Path data, Path out) {
        return List.of("--data", data.toString(), "--out", out.toString(), "--validation", "80",
                "--batch", "32", "--optimizer", "adam", "--lr", "0.01", "--standardize", "--threads", "1",
                "--monitor", "accuracy", "--patience", "0");
    }

    /** epochs.jsonl without the timings, which differ between any two runs. */
    private static List<String> epochNumbers(Path run) throws IOException {
        return Files.readAllLines(run.resolve("epochs.jsonl")).stream().map(line -> line.replaceAll(",\"seconds\".*", "")).toList();
    }

    private static String testAccuracy(String output) {
        Matcher m = Pattern.compile("accuracy (\\d+\\.\\d+)%").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    @Test
    void anInterruptedRunResumedEqualsAnUninterruptedOne() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 400, 60);
        CommandLineRunner.Run straight = CommandLineRunner.run(args("train", options(data, dir.resolve("a")), "--epochs", "3"));
        assertEquals(0, straight.exit(), straight.err());
        Path a = onlyDirectory(dir.resolve("a"));
        for (String file : List.of("report.html", "metrics.json", "epochs.jsonl", "model.safetensors", "checkpoint.safetensors")) {
            assertTrue(Files.isRegularFile(a.resolve(file)), file);
        }
        assertEquals(3, Files.readAllLines(a.resolve("epochs.jsonl")).size());

        // the same settings (read back from the checkpoint), interrupted after epoch 2 as by a crash
        TrainingConfig config = TrainingConfig.fromMetadata(TrainingCheckpoint.read(a.resolve("checkpoint.safetensors")).runMetadata());
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        RunDirectory b = RunDirectory.create(dir.resolve("b"), "mlp");
        TrainingRun interrupted = new TrainingRun(config, PreparedData.load(config, quiet), quiet).listener(new Trainer.Listener() {
            @Override
            public void epochDone(EpochStats stats) {
                if (stats.epoch() == 2) {
                    throw new IllegalStateException("power cut");
                }
            }
        });
        assertThrows(IllegalStateException.class, () -> interrupted.start(b));
        assertEquals(2, Files.readAllLines(b.epochLog()).size());

        CommandLineRunner.Run resumed = CommandLineRunner.run("train", "--resume", b.path().toString(), "--threads", "2");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("resuming") && resumed.out().contains("after epoch 2 of 3"), resumed.out());
        Checkpoint expected = Checkpoint.read(a.resolve("model.safetensors"));
        Checkpoint actual = Checkpoint.read(b.model());
        assertEquals(expected.tensors().keySet(), actual.tensors().keySet());
        for (String name : expected.tensors().keySet()) {
            assertArrayEquals(expected.tensors().get(name).values(), actual.tensors().get(name).values(), name);
        }
        assertEquals(epochNumbers(a), epochNumbers(b.path()));
        assertEquals(testAccuracy(straight.out()), testAccuracy(resumed.out()));

        // eval re-applies the stored standardization: the same accuracy as the run reported
        CommandLineRunner.Run eval = CommandLineRunner.run("eval", a.resolve("model.safetensors").toString(), "--data", data.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertEquals(testAccuracy(straight.out()), testAccuracy(eval.out()));
    }

    /**
     * Rewrites a safetensors file of the mlp preset with the names an older simdnn gave its tensors,
     * before the preset began with a flatten layer: every layer index one lower.
     */
    private static void renameToBeforeFlatten(Path file) throws IOException {
        Checkpoint current = Checkpoint.read(file);
        assertTrue(current.integerTensors().isEmpty());
        List<Safetensors.NamedTensor> old = new ArrayList<>();
        current.tensors().forEach((name, tensor) -> old.add(new Safetensors.NamedTensor(oldName(name), tensor.shape(),
                MemorySegment.ofArray(tensor.values()))));
        Safetensors.writeTensors(file, old, current.metadata());
        assertTrue(Checkpoint.read(file).tensors().containsKey("0.weight"), "renamed");
    }

    private static String oldName(String name) {
        Matcher m = Pattern.compile("(best\\.)?(\\d+)(\\..*)").matcher(name);
        assertTrue(m.matches(), name);
        return (m.group(1) == null ? "" : m.group(1)) + (Integer.parseInt(m.group(2)) - 1) + m.group(3);
    }

    @Test
    void filesOfTheMlpPresetWrittenBeforeItHadFlattenStillEvaluateAndResume() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 300, 40);
        CommandLineRunner.Run straight = CommandLineRunner.run(args("train", options(data, dir.resolve("a")), "--epochs", "2",
                "--model", "mlp"));
        assertEquals(0, straight.exit(), straight.err());
        Path a = onlyDirectory(dir.resolve("a"));
        assertTrue(Checkpoint.read(a.resolve("model.safetensors")).tensors().containsKey("1.weight"), "mlp begins with flatten");
        Path oldModel = Files.copy(a.resolve("model.safetensors"), dir.resolve("old-model.safetensors"));
        renameToBeforeFlatten(oldModel);
        CommandLineRunner.Run eval = CommandLineRunner.run("eval", oldModel.toString(), "--data", data.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertEquals(testAccuracy(straight.out()), testAccuracy(eval.out()));

        // a run interrupted after epoch 1 whose checkpoint has the old names resumes to the same result
        TrainingConfig config = TrainingConfig.fromMetadata(TrainingCheckpoint.read(a.resolve("checkpoint.safetensors")).runMetadata());
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        RunDirectory b = RunDirectory.create(dir.resolve("b"), "mlp");
        TrainingRun interrupted = new TrainingRun(config, PreparedData.load(config, quiet), quiet).listener(new Trainer.Listener() {
            @Override
            public void epochDone(EpochStats stats) {
                throw new IllegalStateException("power cut");
            }
        });
        assertThrows(IllegalStateException.class, () -> interrupted.start(b));
        renameToBeforeFlatten(b.checkpoint());
        CommandLineRunner.Run resumed = CommandLineRunner.run("train", "--resume", b.path().toString());
        assertEquals(0, resumed.exit(), resumed.err());
        Checkpoint expected = Checkpoint.read(a.resolve("model.safetensors"));
        Checkpoint actual = Checkpoint.read(b.model());
        assertEquals(expected.tensors().keySet(), actual.tensors().keySet());
        for (String name : expected.tensors().keySet()) {
            assertArrayEquals(expected.tensors().get(name).values(), actual.tensors().get(name).values(), name);
        }
    }

    @Test
    void resumeRefusesChangedSettingsAndModelFiles() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 200, 30);
        assertEquals(0, CommandLineRunner.run(args("train", options(data, dir.resolve("r")), "--epochs", "1")).exit());
        Path run = onlyDirectory(dir.resolve("r"));
        CommandLineRunner.Run changed = CommandLineRunner.run("train", "--resume", run.toString(), "--lr", "0.5");
        assertNotEquals(0, changed.exit());
        assertTrue(changed.err().contains("--lr cannot be given with --resume"), changed.err());
        CommandLineRunner.Run modelFile = CommandLineRunner.run("train", "--resume", run.resolve("model.safetensors").toString());
        assertTrue(modelFile.err().contains("holds no optimizer state"), modelFile.err());
        CommandLineRunner.Run fewer = CommandLineRunner.run("train", "--resume", run.toString(), "--epochs", "0");
        assertNotEquals(0, fewer.exit());
    }

    @Test
    void aBatchFarBeyondTheDataSizesTheModelAndTheWarmUpByTheData() throws IOException {
        // 20M x 784 floats would be 62 GB: every model of the run, the JIT warm-up's included, must be sized by the data
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 100, 20);
        CommandLineRunner.Run run = CommandLineRunner.run("train", "--data", data.toString(), "--out", dir.resolve("b").toString(),
                "--model", "mlp", "--hidden", "8", "--validation", "10", "--epochs", "1", "--batch", "20000000", "--threads", "1");
        assertEquals(0, run.exit(), run.err());
    }

    @Test
    void cifar10IsTrainedThroughDataDir() throws IOException {
        Path cifar = TinyData.cifarDirectory(dir.resolve("cifar-10-batches-bin"), 10);
        CommandLineRunner.Run run = CommandLineRunner.run("train", "--data", dir.toString(), "--out", dir.resolve("c").toString(),
                "--validation", "10", "--epochs", "1", "--batch", "16", "--threads", "1", "--standardize");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains(cifar + " (CIFAR-10 binary)") && run.out().contains("40 training, 10 validation, 10 test"),
                run.out());
        Checkpoint model = Checkpoint.read(onlyDirectory(dir.resolve("c")).resolve("model.safetensors"));
        assertEquals("3,32,32", model.metadata().get("input_shape"));
        assertTrue(model.metadata().get("classes").startsWith("airplane,automobile"));
        assertEquals(3, model.metadata().get("standardize_mean").split(",").length);
    }
}
