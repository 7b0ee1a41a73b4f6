package io.simdnn.nn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import io.simdnn.kernels.KernelThreads;
import picocli.CommandLine;

/** Runs {@code simdnn} commands in-process, capturing what they print (the commands print to System.out), restoring the thread count. */
final class CommandLineRunner {
    /** Exit code, standard output and error output of one command. */
    record Run(int exit, String out, String err) {}

    private CommandLineRunner() {}

    static synchronized Run run(String... args) {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream original = System.out;
        int threads = KernelThreads.parallelism(); // --threads sets it for the whole JVM; later tests expect the default
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine commandLine = Main.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            int exit = commandLine.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
            KernelThreads.setParallelism(threads);
        }
    }
}
