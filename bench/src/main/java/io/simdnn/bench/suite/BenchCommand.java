package io.simdnn.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import io.simdnn.bench.benchmarks.GemmBenchmark;
import io.simdnn.bench.benchmarks.GemmShape;
import io.simdnn.bench.report.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./simdnn bench [GROUP...] [options]}, {@code bench report DIR} and {@code bench jmh ...}
 * as a picocli command. Parsing has no side effects; {@link #call()} runs the suite (see
 * {@link BenchMain}). The usage text is this class's annotations plus the group descriptions
 * {@link BenchMain#commandLine()} adds.
 */
@Command(name = "bench", usageHelpWidth = 130, sortOptions = false,
        synopsisHeading = "usage: ",
        customSynopsis = {
            "./simdnn bench [gemm] [kernels] [conv] [train] [options]   (no group: the whole suite)",
            "       ./simdnn bench report DIR                 re-render the report of a saved run",
            "       ./simdnn bench jmh [JMH arguments]        plain JMH command line (e.g. jmh -l)"},
        descriptionHeading = "%ngroups:%n",
        optionListHeading = "%noptions:%n",
        footerHeading = "%n",
        footer = {
            "Every benchmark runs with JMH's GC profiler (B/op). Writes DIR/<date-time>/: jmh-results.json (raw JMH),",
            "report.md, README-table.md (the README's headline table) and PNG charts. GEMM rows against OpenBLAS are",
            "skipped, and the report says so, when libopenblas is not installed (apt-get install libopenblas-dev).",
            "Before GEMM, each OpenBLAS core type the CPU may run (the environment's OPENBLAS_CORETYPE, OpenBLAS's",
            "own choice, SkylakeX, Haswell) is checked and timed in a JVM of its own, about 2 s each; the run compares",
            "with the fastest correct one, setting OPENBLAS_CORETYPE for its own processes only."},
        subcommands = {BenchCommand.Report.class, BenchCommand.Jmh.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final List<BenchGroup> groups = new ArrayList<>();

    @Option(names = "--quick", order = 1, description = {
        "1 fork, 2 x 0.25 s warm-up, 3 x 0.25 s measurement: the suite in about 6 minutes, rough numbers",
        "(default: 3 forks, 2 x 1 s warm-up, 3 x 0.6 s measurement, about 42 minutes;",
        "training steps warm up 6 x 2 s, 6 x 0.7 s with --quick; convolutions 5 iterations)"})
    boolean quick;

    private Integer forks;
    private List<Integer> threads = List.of(1, 2);
    private List<GemmShape> shapes = Arrays.stream(GemmBenchmark.SHAPES).map(GemmShape::parse).toList();

    @Option(names = "--out", order = 5, paramLabel = "DIR", description = "where to create the <date-time> result directory (default bench-results)")
    Path out = Path.of("bench-results");

    @Option(names = {"-h", "--help"}, order = 6, usageHelp = true, description = "this text (also: ./simdnn bench help)")
    boolean help;

    /** Picocli creates it. */
    public BenchCommand() {}

    /** The groups named so far (picocli passes all of them each time), checked one by one. */
    @Parameters(paramLabel = "GROUP", arity = "0..*", hidden = true, description = "gemm, kernels, conv or train (listed above)")
    void groups(List<String> names) {
        groups.clear();
        for (String name : names) {
            try {
                groups.add(BenchGroup.named(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    /** {@code --forks N}: an integer >= 1. */
    @Option(names = "--forks", order = 2, paramLabel = "N", description = "forks per configuration (overrides the default or --quick)")
    void forks(String text) {
        forks = positive(text, "--forks");
    }

    /** {@code --threads LIST}: comma-separated integers >= 1. */
    @Option(names = "--threads", order = 3, paramLabel = "LIST", description = "thread counts for gemm, conv and train, comma-separated (default 1,2)")
    void threads(String text) {
        try {
            threads = BenchOptions.parseThreads(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code --shapes LIST}: comma-separated GEMM shapes. */
    @Option(names = "--shapes", order = 4, paramLabel = "LIST",
            description = "GEMM shapes MxNxK[:TT], e.g. 1024x1024x1024,784x512x128:TN (default: all 11)")
    void shapes(String text) {
        try {
            shapes = BenchOptions.parseShapes(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--shapes: " + e.getMessage());
        }
    }

    private int positive(String text, String option) {
        try {
            return BenchOptions.positive(text, option);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The options as parsed: groups in suite order (all when none is named), settings with {@code --forks} applied. */
    public BenchOptions options() {
        List<BenchGroup> ordered = groups.isEmpty() ? List.of(BenchGroup.values())
                : Arrays.stream(BenchGroup.values()).filter(groups::contains).toList();
        RunSettings settings = quick ? RunSettings.QUICK : RunSettings.FULL;
        if (forks != null) {
            settings = settings.withForks(forks);
        }
        return new BenchOptions(ordered, settings, quick, threads, shapes, out);
    }

    /** Runs the suite; 1 when a group failed (the others still ran and are in the report). */
    @Override
    public Integer call() throws Exception {
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        return BenchMain.runSuite(options(), arguments.toArray(String[]::new)) ? 0 : 1;
    }

    /** {@code ./simdnn bench report DIR}: re-renders the report of a saved run. */
    @Command(name = "report", mixinStandardHelpOptions = true, hidden = true,
            description = "Re-render the report of a saved run (a bench-results/<date-time> directory).")
    static final class Report implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "A bench-results/<date-time> directory.")
        Path directory;

        @Override
        public Integer call() throws Exception {
            ReportWriter.write(directory).forEach(file -> System.out.println("simdnn bench: wrote " + file));
            return 0;
        }
    }

    /**
     * {@code ./simdnn bench jmh [JMH arguments]}: JMH's own command line. Every argument after
     * {@code jmh}, options included ({@code -l}, {@code -h}, {@code -f 1}), goes to JMH unchanged
     * ({@link BenchMain#commandLine()} makes the parser pass them on).
     */
    @Command(name = "jmh", hidden = true, description = "JMH's own command line; every argument goes to JMH (e.g. jmh -l).")
    static final class Jmh implements Callable<Integer> {
        @Parameters(paramLabel = "JMH-ARGUMENT", arity = "0..*", description = "Arguments for JMH.")
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
            return 0;
        }
    }
}
