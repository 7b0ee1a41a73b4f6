package io.simdnn.app;

import static io.simdnn.app.CommandLineRunner.args;
import static io.simdnn.app.CommandLineRunner.onlyDirectory;
import static io.simdnn.app.OneLineFailures.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every class of failure of the command line ends in one line on stderr naming the option or file
 * and the problem, with exit code 2 for a bad command line and 1 for a failure: unknown options,
 * resource-sized options past the machine, empty lists, missing, unwritable or misplaced files, a
 * diverging run, a model with non-finite weights; and a run directory in use is refused.
 */
class CommandFailureTest {
    @TempDir
    Path dir;

    private List<String> tiny(Path data, Path out) {
        return List.of("--data", data.toString(), "--out", out.toString(), "--validation", "40", "--hidden", "8",
                "--batch", "32", "--threads", "1", "--model", "mlp");
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        assertOneLine(CommandLineRunner.run("train", "--bogus"), Main.USAGE, "--bogus", "train --help");
        assertOneLine(CommandLineRunner.run("eval"), Main.USAGE, "MODEL");
    }

    @Test
    void aThreadCountPastTheMachineIsRefusedBeforeAnyThreadStarts() {
        assertOneLine(CommandLineRunner.run("train", "--threads", "100000"), Main.USAGE, "--threads 100000", "expected 1 to");
        assertOneLine(CommandLineRunner.run("sweep", "--threads", "0"), Main.USAGE, "--threads 0");
    }

    @Test
    void anOutOfRangeSettingIsAUsageErrorNamingTheOptionEvenWhereTheRunWouldIgnoreIt() {
        // --decay only feeds the exponential schedule and --momentum not adam: still checked; --hidden with a CNN is refused
        assertOneLine(CommandLineRunner.run("train", "--decay", "2"), Main.USAGE, "--decay must be in (0, 1], got 2.0");
        assertOneLine(CommandLineRunner.run("train", "--optimizer", "adam", "--momentum", "1.5"), Main.USAGE, "--momentum");
        assertOneLine(CommandLineRunner.run("train", "--model", "mlp", "--hidden", "-3"), Main.USAGE, "--hidden sizes must be >= 1, got -3");
        assertOneLine(CommandLineRunner.run("train", "--lr", "-1"), Main.USAGE, "--lr must be finite and > 0");
        assertOneLine(CommandLineRunner.run("train", "--epochs", "0"), Main.USAGE, "--epochs must be >= 1");
        assertOneLine(CommandLineRunner.run("sweep", "--batch", "0"), Main.USAGE, "--batch must be >= 1", "sweep --help");
        assertOneLine(CommandLineRunner.run("train", "--l2", "NaN"), Main.USAGE, "--l2");
        assertOneLine(CommandLineRunner.run("train", "--augment", "Rotate"), Main.USAGE, "unknown augmentation 'Rotate' (auto, none, flip)");
        assertOneLine(CommandLineRunner.run("train", "--model", "cnn", "--hidden", "64"), Main.USAGE, "--hidden applies to --model mlp only");
    }

    @Test
    void anEmptyListOfRatesNamesTheOption() {
        CommandLineRunner.Run run = CommandLineRunner.run("sweep", "--lr", ",", "--out", dir.toString());
        assertOneLine(run, run.exit() == Main.USAGE ? Main.USAGE : Main.FAILURE, "--lr");
        assertTrue(run.exit() != 0);
    }

    @Test
    void aMissingModelFileIsNamedWithTheReasonBeforeAnyDataIsLoaded() {
        Path missing = dir.resolve("missing.safetensors");
        assertOneLine(CommandLineRunner.run("eval", missing.toString(), "--data", dir.resolve("no-data").toString()),
                Main.FAILURE, missing + ": no such file");
        assertOneLine(CommandLineRunner.run("predict", missing.toString(), dir.toString()), Main.FAILURE,
                missing + ": no such file");
    }

    /** A command that fails with whatever {@code --kind} names, to reach the last-resort handler. */
    @Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        @Option(names = "--kind")
        String kind;

        @Override
        public Integer call() throws Exception {
            Throwable failure = switch (kind) {
                case "memory" -> new OutOfMemoryError("Java heap space");
                case "stack" -> new StackOverflowError();
                case "thread" -> new OutOfMemoryError("unable to create native thread: possibly out of memory");
                case "full-disk" -> new FileSystemException("runs/x/epochs.jsonl", null, "No space left on device");
                default -> new NullPointerException();
            };
            if (failure instanceof Error error) {
                throw error;
            }
            throw (Exception) failure;
        }
    }

    @Test
    void errorsAndMessagelessExceptionsBecomeOneLineWithAHint() {
        assertOneLine(CommandLineRunner.run(Main.commandLine().addSubcommand(new FailingCommand()), "fail", "--kind", "memory"),
                Main.FAILURE, "out of memory (Java heap space", "--batch");
        assertOneLine(CommandLineRunner.run(Main.commandLine().addSubcommand(new FailingCommand()), "fail", "--kind", "stack"),
                Main.FAILURE, "stack overflow");
        assertOneLine(CommandLineRunner.run(Main.commandLine().addSubcommand(new FailingCommand()), "fail", "--kind", "thread"),
                Main.FAILURE, "cannot start another thread", "--threads");
        assertOneLine(CommandLineRunner.run(Main.commandLine().addSubcommand(new FailingCommand()), "fail", "--kind", "full-disk"),
                Main.FAILURE, "runs/x/epochs.jsonl: no space left on device");
        assertOneLine(CommandLineRunner.run(Main.commandLine().addSubcommand(new FailingCommand()), "fail", "--kind", "npe"),
                Main.FAILURE, "NullPointerException");
    }

    @Test
    void debugAddsTheStackTraceAfterTheLine() {
        CommandLineRunner.Run run = CommandLineRunner.run("eval", dir.resolve("m").toString(), "--debug");
        assertEquals(Main.FAILURE, run.exit());
        List<String> lines = run.err().lines().toList();
        assertTrue(lines.getFirst().startsWith("simdnn: ") && lines.size() > 2 && lines.get(2).contains("\tat "), run.err());
    }

    @Test
    void anOutThatIsAFileOrAMissingDataDirectoryIsNamedBeforeTraining() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 120, 30);
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertOneLine(CommandLineRunner.run(args("train", tiny(data, file), "--epochs", "1")), Main.FAILURE,
                file.toString(), "--out is not a directory");
        Path nowhere = dir.resolve("nowhere");
        String line = assertOneLine(CommandLineRunner.run(args("train", tiny(nowhere, dir.resolve("runs")), "--epochs", "1")),
                Main.FAILURE, nowhere.toString());
        assertFalse(line.endsWith(nowhere.toString()), "a bare path is not a message: " + line);
    }

    @Test
    void testImagesOfAnotherShapeThanTheTrainingImagesAreRefusedBeforeTraining() throws IOException {
        Path data = Files.createDirectories(dir.resolve("mixed"));
        TinyData.writeIdxSplit(data, "train", TinyData.learnable("train", 120, 4, 3, 1), false);
        TinyData.writeIdxSplit(data, "t10k", TinyData.learnable("test", 30, 5, 3, 2), false);
        Path out = dir.resolve("runs");
        CommandLineRunner.Run run = CommandLineRunner.run(args("train", tiny(data, out), "--epochs", "1"));
        assertOneLine(run, Main.FAILURE, "t10k-images-idx3-ubyte: samples of shape [1, 5, 5] do not match the [1, 4, 4] of ");
        try (var made = Files.list(out)) {
            assertEquals(0, made.count(), "a run directory was made for a run that cannot start");
        }
    }

    @Test
    void aDivergingRunEndsWithALineAndALoggedDivergenceAndNoModel() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 120, 30);
        Path out = dir.resolve("runs");
        CommandLineRunner.Run run = CommandLineRunner.run(args("train", tiny(data, out), "--epochs", "2", "--optimizer", "sgd",
                "--lr", "1e30", "--schedule", "constant"));
        assertOneLine(run, Main.FAILURE, "epoch 1", "lower the learning rate", "no checkpoint was written");
        Path runDir = onlyDirectory(out);
        assertTrue(Files.readString(runDir.resolve("epochs.jsonl")).contains("\"diverged_epoch\":1"));
        assertFalse(Files.exists(runDir.resolve(RunDirectory.MODEL_FILE)), "a diverged run saves no model");
    }

    @Test
    void evalRefusesAModelWhoseOutputsAreNotFinite() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 120, 30);
        Path out = dir.resolve("runs");
        assertEquals(0, CommandLineRunner.run(args("train", tiny(data, out), "--epochs", "1")).exit());
        Path modelFile = onlyDirectory(out).resolve(RunDirectory.MODEL_FILE);
        Path poisoned = dir.resolve("poisoned.safetensors");
        try (Model model = Model.load(modelFile)) {
            Buffers.set(model.params().getFirst().value().data(), 0, Float.POSITIVE_INFINITY);
            model.save(poisoned, Map.of());
        }
        // the checkpoint reader may refuse the infinity itself, naming the tensor; either way one line, exit 1
        assertOneLine(CommandLineRunner.run("eval", poisoned.toString(), "--data", data.toString()), Main.FAILURE,
                poisoned.toString());
    }

    @Test
    void aModelFileWhoseMetadataClaimsAHugeModelIsRefusedBeforeItIsAllocated() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 120, 30);
        Path claim = dir.resolve("claims-64-gb.safetensors");
        try (Model small = Model.builder("flatten,dense3").forData(TinyData.learnable("t", 10, 4, 3, 1)).build()) {
            // 16 inputs x 1e9 units x 4 bytes: far past three quarters of any test machine's memory
            Safetensors.write(claim, small.stateDict(), Map.of("architecture", "flatten,dense1000000000,dense3",
                    "input_shape", "1,4,4", "classes", "0,1,2"));
        }
        assertOneLine(CommandLineRunner.run("eval", claim.toString(), "--data", data.toString()), Main.FAILURE,
                claim.toString(), "off-heap memory");

        Path noShape = dir.resolve("no-shape.safetensors");
        try (Model small = Model.builder("flatten,dense3").forData(TinyData.learnable("t", 10, 4, 3, 1)).build()) {
            Safetensors.write(noShape, small.stateDict(), Map.of("architecture", "flatten,dense3", "input_shape", "",
                    "classes", "0,1,2"));
        }
        assertOneLine(CommandLineRunner.run("eval", noShape.toString(), "--data", data.toString()), Main.FAILURE,
                noShape.toString(), "input_shape '' is not a list of positive integers");
    }

    @Test
    void aRunDirectoryInUseIsRefusedNamingTheHolderAndStalePartialFilesGoOnResume() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 120, 30);
        Path out = dir.resolve("runs");
        assertEquals(0, CommandLineRunner.run(args("train", tiny(data, out), "--epochs", "1")).exit());
        RunDirectory run = new RunDirectory(onlyDirectory(out));
        byte[] checkpoint = Files.readAllBytes(run.checkpoint());
        try (RunLock held = RunLock.acquire(run)) {
            assertOneLine(CommandLineRunner.run("train", "--resume", run.path().toString(), "--epochs", "2"), Main.FAILURE,
                    run.path() + " is in use by another training run (pid " + ProcessHandle.current().pid() + ", started ");
        }
        assertArrayEquals(checkpoint, Files.readAllBytes(run.checkpoint()), "the refused resume touched the checkpoint");

        Path partial = Files.writeString(run.path().resolve("." + TrainingCheckpoint.FILE_NAME + ".4242.17.partial"), "cut");
        CommandLineRunner.Run resumed = CommandLineRunner.run("train", "--resume", run.path().toString(), "--epochs", "2");
        assertEquals(0, resumed.exit(), resumed.err());
        assertFalse(Files.exists(partial), "a stale .partial file survived the resume");
    }
}
