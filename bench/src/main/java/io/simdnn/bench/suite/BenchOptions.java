package io.simdnn.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.simdnn.bench.benchmarks.GemmBenchmark;
import io.simdnn.bench.benchmarks.GemmShape;

/**
 * The options of {@code ./simdnn bench [GROUP...] [options]}, parsed without side effects.
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
    public static final String USAGE = """
            usage: ./simdnn bench [gemm] [kernels] [conv] [train] [options]   (no group: the whole suite)
                   ./simdnn bench report DIR                 re-render the report of a saved run
                   ./simdnn bench jmh [JMH arguments]        plain JMH command line (e.g. jmh -l)

            groups:
              gemm       %s
              kernels    %s
              conv       %s
              train      %s

            options:
              --quick          1 fork, 2 x 0.25 s warm-up, 3 x 0.25 s measurement: the suite in about 5 minutes, rough numbers
                               (default: 3 forks, 2 x 1 s warm-up, 3 x 0.6 s measurement, about 35 minutes;
                               training steps warm up 6 x 2 s, 6 x 0.7 s with --quick; convolutions 5 iterations)
              --forks N        forks per configuration (overrides the default or --quick)
              --threads LIST   thread counts for gemm, conv and train, comma-separated (default 1,2)
              --shapes LIST    GEMM shapes MxNxK[:TT], e.g. 1024x1024x1024,784x512x128:TN (default: all 11)
              --out DIR        where to create the <date-time> result directory (default bench-results)

            Every benchmark runs with JMH's GC profiler (B/op). Writes DIR/<date-time>/: jmh-results.json (raw JMH),
            report.md, README-table.md (the README's headline table) and PNG charts. GEMM rows against OpenBLAS are
            skipped, and the report says so, when libopenblas is not installed (apt-get install libopenblas-dev).
            Before GEMM, each OpenBLAS core type the CPU may run (the environment's OPENBLAS_CORETYPE, OpenBLAS's
            own choice, SkylakeX, Haswell) is checked and timed in a JVM of its own, about 2 s each; the run compares
            with the fastest correct one, setting OPENBLAS_CORETYPE for its own processes only.
            """.formatted(BenchGroup.GEMM.description(), BenchGroup.KERNELS.description(),
            BenchGroup.CONV.description(), BenchGroup.TRAIN.description());

    public BenchOptions {
        groups = List.copyOf(groups);
        threads = List.copyOf(threads);
        shapes = List.copyOf(shapes);
    }

    /**
     * Parses the arguments after {@code bench}.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static BenchOptions parse(List<String> args) {
        List<BenchGroup> groups = new ArrayList<>();
        boolean quick = false;
        Integer forks = null;
        List<Integer> threads = List.of(1, 2);
        List<GemmShape> shapes = Arrays.stream(GemmBenchmark.SHAPES).map(GemmShape::parse).toList();
        Path out = Path.of("bench-results");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> quick = true;
                case "--forks" -> forks = positive(value(args, ++i, arg), arg);
                case "--threads" -> threads = parseThreads(value(args, ++i, arg));
                case "--shapes" -> shapes = parseShapes(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                    }
                    BenchGroup group = BenchGroup.named(arg);
                    if (!groups.contains(group)) {
                        groups.add(group);
                    }
                }
            }
        }
        List<BenchGroup> ordered = groups.isEmpty() ? List.of(BenchGroup.values())
                : Arrays.stream(BenchGroup.values()).filter(groups::contains).toList();
        RunSettings settings = quick ? RunSettings.QUICK : RunSettings.FULL;
        if (forks != null) {
            settings = settings.withForks(forks);
        }
        return new BenchOptions(ordered, settings, quick, threads, shapes, out);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

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

    private static int positive(String text, String option) {
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
