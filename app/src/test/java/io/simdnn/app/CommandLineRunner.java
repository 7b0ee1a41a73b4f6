package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import io.simdnn.kernels.KernelThreads;
import picocli.CommandLine;

/**
 * Runs {@code simdnn} commands in-process, capturing what they print (the commands print to
 * System.out), restoring the thread count; and builds their arguments and finds the run
 * directories they create, for the command tests.
 */
final class CommandLineRunner {
    /** Exit code, standard output and error output of one command. */
    record Run(int exit, String out, String err) {}

    private CommandLineRunner() {}

    static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    /** Runs {@code args} on {@code commandLine} (the command line of {@link Main#commandLine}, perhaps with a test command added). */
    static synchronized Run run(CommandLine commandLine, String... args) {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        int threads = KernelThreads.parallelism(); // --threads sets it for the whole JVM; later tests expect the default
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            commandLine.setErr(new PrintWriter(err, true));
            int exit = commandLine.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
            KernelThreads.setParallelism(threads);
        }
    }

    /** {@code command}, then {@code options}, then {@code more}. */
    static String[] args(String command, List<String> options, String... more) {
        return Stream.concat(Stream.concat(Stream.of(command), options.stream()), Stream.of(more)).toArray(String[]::new);
    }

    /** The one directory a command created in {@code parent}. */
    static Path onlyDirectory(Path parent) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            List<Path> all = children.filter(Files::isDirectory).toList();
            assertEquals(1, all.size(), "run directories in " + parent + ": " + all);
            return all.getFirst();
        }
    }
}
