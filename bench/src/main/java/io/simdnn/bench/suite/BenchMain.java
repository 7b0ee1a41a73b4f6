package io.simdnn.bench.suite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import io.simdnn.bench.benchmarks.CoreCandidate;
import io.simdnn.bench.benchmarks.CoreProbe;
import io.simdnn.bench.benchmarks.OpenBlas;
import io.simdnn.bench.benchmarks.OpenBlasCore;
import io.simdnn.bench.benchmarks.OpenBlasSelection;
import io.simdnn.bench.report.MachineInfo;
import io.simdnn.bench.report.ReportWriter;

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
                boolean gemm = options.groups().contains(BenchGroup.GEMM);
                if (!openBlas && gemm) {
                    System.out.println("simdnn bench: " + OpenBlas.ABSENT_MESSAGE);
                }
                OpenBlasSelection cores = OpenBlasSelection.NONE;
                if (openBlas && gemm) {
                    cores = openBlasCores(args);
                }
                boolean openBlasRows = openBlas && (cores.isEmpty() || cores.chosen().isPresent());
                if (!SuiteRunner.run(SuitePlan.of(options, openBlasRows), options, cores, System.out)) {
                    System.exit(1);
                }
            }
        }
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

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
