package io.simdnn.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./simdnn bench ...}: with no group, the whole suite; {@code gemm}, {@code kernels},
 * {@code conv}, {@code train} run parts of it (see {@link BenchOptions#USAGE}). Each run writes
 * its raw JMH JSON, a Markdown report, the README's headline table and PNG charts under
 * {@code bench-results/<date-time>/}. {@code report DIR} re-renders a saved run; {@code jmh ...}
 * is JMH's own command line.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        String first = arguments.isEmpty() ? "" : arguments.getFirst();
        switch (first) {
            case "help", "-h", "--help" -> System.out.print(BenchOptions.USAGE);
            case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            case "report" -> {
                if (args.length != 2) {
                    fail("usage: ./simdnn bench report DIR (a bench-results/<date-time> directory)");
                }
                ReportWriter.write(Path.of(args[1])).forEach(file -> System.out.println("simdnn bench: wrote " + file));
            }
            default -> {
                BenchOptions options;
                try {
                    options = BenchOptions.parse(arguments);
                } catch (IllegalArgumentException e) {
                    fail("simdnn bench: " + e.getMessage() + "\n\n" + BenchOptions.USAGE);
                    return;
                }
                boolean openBlas = OpenBlas.load().isPresent();
                if (!openBlas && options.groups().contains(BenchGroup.GEMM)) {
                    System.out.println("simdnn bench: " + OpenBlas.ABSENT_MESSAGE);
                }
                if (!SuiteRunner.run(SuitePlan.of(options, openBlas), options, System.out)) {
                    System.exit(1);
                }
            }
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
