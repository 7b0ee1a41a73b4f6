package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random command lines, options from every command with hostile values (empty, huge, negative,
 * NaN, separators only, control characters, long specs), never escape as an exception or a stack
 * trace: each ends in success or in one line on stderr with exit code 1 or 2. Training commands
 * always get a missing {@code --data} directory, so a valid combination fails quickly at the data
 * instead of training; seeded, so a failure reproduces.
 */
class FuzzedOptionsProperties {
    private static final List<String> COMMANDS = List.of("train", "sweep", "eval", "predict", "info", "gradcheck", "nonsense");
    private static final List<String> OPTIONS = List.of("--model", "--hidden", "--epochs", "--lr", "--batch", "--optimizer",
            "--schedule", "--momentum", "--decay", "--l2", "--init", "--seed", "--threads", "--patience", "--monitor",
            "--validation", "--limit-train", "--limit-test", "--standardize", "--augment", "--resume", "--top", "--format", "--predictions",
            "--debug", "--version", "-x", "--");
    private static final List<String> VALUES = List.of("", ",", ",,", "0", "-1", "1", "3", "2147483647", "2147483648",
            "-2147483648", "99999999999999999999", "1e30", "-1e30", "NaN", "Infinity", "0x10", "1,2", "512,256", " ", "\u0000",
            "a\nb", "mlp", "cnn", "dense10", "conv5x5x16p2,relu,maxpool2,flatten,dense10", "dense0", "conv0x0x0,dense10",
            "maxpool2147483647,dense10", "flatten,".repeat(200) + "dense10", "adam", "sgd", "cosine", "loss", "accuracy",
            "he", "text", "json", "../../../etc/passwd", "/dev/null", "/", "runs");

    private static Path scratch;

    @BeforeContainer
    static void makeScratch() throws IOException {
        scratch = Files.createTempDirectory("simdnn-fuzz");
    }

    @AfterContainer
    static void removeScratch() throws IOException {
        try (var files = Files.walk(scratch)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(OPTIONS)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(VALUES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
        return Combinators.combine(Arbitraries.of(COMMANDS), token.list().ofMaxSize(8)).as((command, rest) -> {
            List<String> line = new ArrayList<>();
            line.add(command);
            line.addAll(rest);
            return line;
        });
    }

    @Property(tries = 400, seed = "20261205")
    void everyCommandLineEndsInSuccessOrOneLine(@ForAll("commandLines") List<String> commandLine) {
        List<String> args = new ArrayList<>(commandLine);
        String command = args.getFirst();
        if (command.equals("train") || command.equals("sweep")) {
            args.addAll(List.of("--data", scratch.resolve("no-data").toString(), "--out", scratch.resolve("runs").toString()));
        } else if (command.equals("eval") || command.equals("predict")) {
            args.add(1, scratch.resolve("no-model.safetensors").toString());
        } else if (command.equals("gradcheck")) {
            args.add(1, "--help"); // a valid spec would run the whole check: only its parsing is fuzzed here
        }
        CommandLineRunner.Run run = CommandLineRunner.run(args.toArray(String[]::new));
        String err = run.err().strip();
        if (run.exit() == 0) {
            return;
        }
        assertTrue(run.exit() == Main.FAILURE || run.exit() == Main.USAGE, args + " exit " + run.exit() + ": " + err);
        assertFalse(err.isEmpty(), args + ": failed without a message");
        boolean debug = args.contains("--debug");
        String first = err.lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("simdnn"), args + ": " + err);
        assertFalse(first.endsWith(": null"), args + ": " + err);
        if (!debug) {
            assertFalse(err.contains("\n"), args + ": more than one line: " + err);
        }
    }
}
