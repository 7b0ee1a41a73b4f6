package io.simdnn.bench;

import io.simdnn.kernels.VectorSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./simdnn bench ...}: runs JMH benchmarks and writes their results and report under
 * {@code bench-results/<date-time>/}. Anything that is not one of our subcommands is handed to
 * JMH's own command line, so {@code ./simdnn bench -h} style JMH usage keeps working.
 */
public final class BenchMain {
    private static final String USAGE = """
            usage: ./simdnn bench gemm [--quick] [--threads 1,2] [--forks N] [--shapes S1,S2,...]
                   ./simdnn bench kernels|conv|train [--quick] [--forks N]
                   ./simdnn bench jmh [JMH arguments]      (plain JMH command line)

              gemm       simdnn GEMM vs OpenBLAS (cblas_sgemm through FFM) on the issue's shapes,
                         plus the FMA peak, in one run; prints and saves a Markdown table and JMH JSON
              --quick    1 fork, 2 x 0.5 s warm-up, 3 x 0.5 s measurement (default 3 forks, 3 x 1 s, 5 x 1 s)
              --threads  comma-separated thread counts (default 1,2)
              --forks    forks per configuration (overrides the default or --quick)
              --shapes   MxNxK[:TT] shapes, e.g. 1024x1024x1024,784x512x128:TN (default: all)
              kernels    ReLU, softmax-CE, momentum SGD, max pooling vs a copy of the same bytes
              conv       convolution forward+backward of the default CNN's layers vs the equivalent GEMM
              train      one training step of the default MLP (batch 128) and CNN (batch 64), samples/s
            """;

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(USAGE);
            return;
        }
        switch (args[0]) {
            case "gemm" -> runGemm(Arrays.copyOfRange(args, 1, args.length));
            case "kernels" -> runGroup("kernels", StreamingKernelBenchmark.class.getName(), Arrays.copyOfRange(args, 1, args.length));
            case "conv" -> runGroup("conv", ConvBenchmark.class.getName(), Arrays.copyOfRange(args, 1, args.length));
            case "train" -> runGroup("train", TrainingStepBenchmark.class.getName(), Arrays.copyOfRange(args, 1, args.length));
            case "jmh" -> org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("simdnn bench: unknown subcommand '" + args[0] + "'");
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    private static void runGemm(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        String threads = "1,2";
        Integer forks = null;
        String shapes = String.join(",", GemmBenchmark.SHAPES);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--threads" -> threads = value(args, ++i, "--threads");
                case "--forks" -> forks = Integer.parseInt(value(args, ++i, "--forks"));
                case "--shapes" -> shapes = value(args, ++i, "--shapes");
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        List<String> shapeList = Arrays.stream(shapes.split(",")).map(s -> GemmShape.parse(s).toString()).toList();
        List<String> impls = new ArrayList<>(List.of("simdnn"));
        if (OpenBlas.load().isPresent()) {
            impls.add("openblas");
        } else {
            System.out.println("simdnn bench: " + OpenBlas.ABSENT_MESSAGE);
        }
        Path outDir = Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")));
        Files.createDirectories(outDir);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(GemmBenchmark.class.getName() + ".sgemm$")
                .include(PeakBenchmark.class.getName() + ".fma$")
                .param("shape", shapeList.toArray(String[]::new))
                .param("threads", threads.split(","))
                .param("impl", impls.toArray(String[]::new))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(outDir.resolve("gemm.json").toString());
        if (quick) {
            options.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        if (forks != null) {
            options.forks(forks);
        }
        String settings = quick ? "--quick: 1 fork, 2 x 0.5 s warm-up, 3 x 0.5 s measurement"
                : "3 forks, 3 x 1 s warm-up, 5 x 1 s measurement";
        if (forks != null) {
            settings += " (forks overridden: " + forks + ")";
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        String markdown = gemmMarkdown(results, settings);
        Files.writeString(outDir.resolve("gemm.md"), markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("simdnn bench: wrote " + outDir.resolve("gemm.md") + " and " + outDir.resolve("gemm.json"));
    }

    /** Runs one benchmark class and writes its derived table (see {@link DerivedMetrics}). */
    private static void runGroup(String name, String benchmarkClass, String[] args) throws RunnerException, IOException {
        boolean quick = false;
        Integer forks = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--forks" -> forks = Integer.parseInt(value(args, ++i, "--forks"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        Path outDir = Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")));
        Files.createDirectories(outDir);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(benchmarkClass.replace(".", "\\.") + "\\.")
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(outDir.resolve(name + ".json").toString());
        if (quick) {
            options.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        if (forks != null) {
            options.forks(forks);
        }
        List<DerivedMetrics.Measured> measured = new ArrayList<>();
        for (RunResult result : new Runner(options.build()).run()) {
            String benchmark = result.getParams().getBenchmark();
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                params.put(key, result.getParams().getParam(key));
            }
            measured.add(new DerivedMetrics.Measured(benchmark.substring(benchmark.lastIndexOf('.') + 1), params, forkScores(result)));
        }
        String markdown = MachineInfo.describe(quick ? "--quick" : "3 forks, 3 warm-up and 5 measurement iterations")
                + DerivedMetrics.markdown(measured);
        Files.writeString(outDir.resolve(name + ".md"), markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("simdnn bench: wrote " + outDir.resolve(name + ".md") + " and " + outDir.resolve(name + ".json"));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[index];
    }

    static String gemmMarkdown(Collection<RunResult> results, String settings) {
        Map<GemmReport.Key, ForkScores> gemm = new LinkedHashMap<>();
        double peak = 0;
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            ForkScores scores = forkScores(result);
            if (benchmark.endsWith("sgemm")) {
                gemm.put(new GemmReport.Key(GemmShape.parse(result.getParams().getParam("shape")),
                        Integer.parseInt(result.getParams().getParam("threads")),
                        result.getParams().getParam("impl")), scores);
            } else if (benchmark.contains("PeakBenchmark")) {
                peak = PeakBenchmark.gflops(scores.median());
            }
        }
        return MachineInfo.describe(settings) + "\n" + GemmReport.fromCallsPerSecond(gemm, peak).markdownTable();
    }

    private static ForkScores forkScores(RunResult result) {
        List<Double> perFork = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            perFork.add(fork.getPrimaryResult().getScore());
        }
        return new ForkScores(perFork);
    }

    /** Where and how a run was measured, for the top of every report. */
    static final class MachineInfo {
        private MachineInfo() {}

        static String describe(String settings) {
            return String.format(Locale.ROOT, """
                    # simdnn benchmark

                    - date: %s
                    - CPU: %s, %d cores available
                    - JDK: %s (%s)
                    - vectors: %s
                    - JMH: %s, one operation = one sgemm call, alpha = 1, beta = 0, random data
                    """, LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT)).substring(0, 16),
                    cpuModel(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                    VectorSupport.describe(), settings);
        }

        private static String cpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown CPU");
            } catch (IOException e) {
                return "unknown CPU";
            }
        }
    }
}
