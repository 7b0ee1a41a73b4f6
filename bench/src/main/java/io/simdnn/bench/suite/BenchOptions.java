package io.simdnn.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.simdnn.bench.benchmarks.GemmShape;
import picocli.CommandLine;

/**
 * The options of {@code ./simdnn bench [GROUP...] [options]}, as {@link BenchCommand} parses them
 * (with picocli, without side effects).
 *
 * @param groups     the groups to run, in suite order (all of them when none is named)
 * @param settings   forks and iterations
 * @param quick      whether {@code --quick} chose the settings
 * @param threads    thread counts for GEMM, convolution and training steps
 * @param shapes     GEMM shapes
 * @param outputRoot where the timestamped result directory is created
 */
public record BenchOptions(List<BenchGroup> groups, RunSettings settings, boolean quick, List<Integer> threads,
                           List<GemmShape> shapes, Path outputRoot) {
    /** Copies the lists. */
    public BenchOptions {
        groups = List.copyOf(groups);
        threads = List.copyOf(threads);
        shapes = List.copyOf(shapes);
    }

    /**
     * Parses the arguments after {@code bench} (groups and options; not {@code report} or
     * {@code jmh}) as {@code ./simdnn bench} does.
     *
     * @throws CommandLine.ParameterException naming the bad argument
     */
    public static BenchOptions parse(List<String> args) {
        CommandLine commandLine = BenchMain.commandLine();
        CommandLine.ParseResult result = commandLine.parseArgs(args.toArray(String[]::new));
        if (result.hasSubcommand()) {
            throw new CommandLine.ParameterException(commandLine, "'" + result.subcommand().commandSpec().name()
                    + "' is a command of its own, not a group or an option");
        }
        return commandLine.<BenchCommand>getCommand().options();
    }

    /** A comma-separated list of thread counts >= 1, duplicates dropped. */
    static List<Integer> parseThreads(String text) {
        List<Integer> list = new ArrayList<>();
        for (String part : text.split(",")) {
            int t = positive(part, "--threads");
            if (!list.contains(t)) {
                list.add(t);
            }
        }
        return list;
    }

    /** A comma-separated list of GEMM shapes {@code MxNxK[:TT]}, duplicates dropped. */
    static List<GemmShape> parseShapes(String text) {
        List<GemmShape> list = new ArrayList<>();
        for (String part : text.split(",")) {
            GemmShape shape = GemmShape.parse(part);
            if (!list.contains(shape)) {
                list.add(shape);
            }
        }
        return list;
    }

    /** {@code text} as an integer >= 1, or an exception naming {@code option}. */
    static int positive(String text, String option) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs integers >= 1, got '" + text + "'");
    }
}
