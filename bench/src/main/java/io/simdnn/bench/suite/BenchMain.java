package io.simdnn.bench.suite;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.simdnn.bench.benchmarks.CoreCandidate;
import io.simdnn.bench.benchmarks.CoreProbe;
import io.simdnn.bench.benchmarks.OpenBlas;
import io.simdnn.bench.benchmarks.OpenBlasCore;
import io.simdnn.bench.benchmarks.OpenBlasSelection;
import io.simdnn.bench.report.MachineInfo;
import picocli.CommandLine;

/**
 * {@code ./simdnn bench ...}: with no group, the whole suite; {@code gemm}, {@code kernels},
 * {@code conv}, {@code train} run parts of it (see {@link BenchCommand}, or
 * {@code ./simdnn bench --help}). Each run writes its raw JMH JSON, a Markdown report, the README's
 * headline table and PNG charts under {@code bench-results/<date-time>/}. {@code report DIR}
 * re-renders a saved run; {@code jmh ...} is JMH's own command line. A command line that is not
 * understood exits with status 2, a failed run with 1.
 */
public final class BenchMain {
    private BenchMain() {}

    /** Runs {@code ./simdnn bench} with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as {@link #main} runs it (tests parse with it): the group descriptions in
     * the usage text, JMH's arguments passed through untouched, {@code @file} arguments taken
     * literally, and errors as one {@code simdnn bench:} line (then the usage, for a bad argument).
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BenchCommand()).setExpandAtFiles(false);
        commandLine.getCommandSpec().usageMessage().description(Arrays.stream(BenchGroup.values())
                .map(group -> String.format(Locale.ROOT, "  %-10s %s", group.commandName(), group.description()))
                .toArray(String[]::new));
        commandLine.getSubcommands().get("help").getCommandSpec().usageMessage().hidden(true);
        // everything after "jmh" is JMH's, options included
        commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            PrintWriter err = error.getCommandLine().getErr();
            err.println("simdnn bench: " + error.getMessage());
            err.println();
            error.getCommandLine().usage(err);
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
            // users see the message, not a stack trace; the message names the problem
            failed.getErr().println("simdnn bench: " + (error instanceof NoSuchFileException ? "no such file: " : "")
                    + error.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    /**
     * Runs the suite for {@code options}; {@code args} is the command line, for a child JVM when
     * OpenBLAS must start with another core type. Returns whether every group completed.
     */
    static boolean runSuite(BenchOptions options, String[] args) throws IOException, InterruptedException {
        boolean openBlas = OpenBlas.load().isPresent();
        boolean gemm = options.groups().contains(BenchGroup.GEMM);
        if (!openBlas && gemm) {
            System.out.println("simdnn bench: " + OpenBlas.ABSENT_MESSAGE);
        }
        OpenBlasSelection cores = OpenBlasSelection.NONE;
        if (openBlas && gemm) {
            cores = openBlasCores(args);
        }
        boolean openBlasRows = openBlas && (cores.isEmpty() || cores.chosen().isPresent());
        return SuiteRunner.run(SuitePlan.of(options, openBlasRows), options, cores, System.out);
    }

    /**
     * The OpenBLAS core type for this run: the one chosen by the bench JVM that started this one,
     * or else the fastest correct one probed now. OpenBLAS reads {@code OPENBLAS_CORETYPE} once,
     * when it loads, and the JMH forks inherit this JVM's environment; so when the chosen value
     * is not this JVM's, the bench runs again in a child JVM with it (and the probes' results),
     * and this JVM exits with the child's status.
     */
    private static OpenBlasSelection openBlasCores(String[] args) throws IOException, InterruptedException {
        Optional<OpenBlasSelection> inherited = OpenBlasSelection.inherited();
        if (inherited.isPresent()) {
            return inherited.get();
        }
        String current = System.getenv(OpenBlasCore.CORETYPE_VARIABLE);
        OpenBlasSelection cores = OpenBlasCoreSelector.probe(
                OpenBlasCore.candidates(MachineInfo.cpuFlags(), Optional.ofNullable(current)), System.out);
        Optional<CoreProbe> chosen = cores.chosen();
        if (chosen.isEmpty()) {
            System.out.println("simdnn bench: no OpenBLAS core type passed its check; OpenBLAS rows skipped");
        } else if (!chosen.get().candidate().isCurrent(current)) {
            CoreCandidate best = chosen.get().candidate();
            System.out.println("simdnn bench: OpenBLAS core type " + chosen.get().name() + " is the fastest correct one; "
                    + "running the benchmarks in a JVM with " + OpenBlasCore.CORETYPE_VARIABLE
                    + best.coreType().map(value -> "=" + value).orElse(" unset"));
            System.exit(JavaCommand.run(JavaCommand.again(List.of(args)), environment -> {
                best.applyTo(environment);
                environment.put(OpenBlasSelection.ENVIRONMENT_VARIABLE, cores.encode());
            }));
        }
        return cores;
    }
}
