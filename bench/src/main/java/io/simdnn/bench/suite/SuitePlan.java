package io.simdnn.bench.suite;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.simdnn.bench.benchmarks.ConvBenchmark;
import io.simdnn.bench.benchmarks.CopyBenchmark;
import io.simdnn.bench.benchmarks.GemmBenchmark;
import io.simdnn.bench.benchmarks.GemmInterleavedBenchmark;
import io.simdnn.bench.benchmarks.GemmShape;
import io.simdnn.bench.benchmarks.PeakBenchmark;
import io.simdnn.bench.benchmarks.StepOverKernelsBenchmark;
import io.simdnn.bench.benchmarks.StreamingInterleavedBenchmark;
import io.simdnn.bench.benchmarks.StreamingKernelBenchmark;
import io.simdnn.bench.benchmarks.ThreadScalingBenchmark;
import io.simdnn.bench.benchmarks.TrainingStepBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What a {@code bench} command runs: per group, the benchmark classes with their parameters, as
 * one JMH invocation each (a group's parameters, e.g. {@code threads}, must not leak into another
 * group's benchmarks). The FMA peak runs with the first group that needs it (GEMM or convolution)
 * and the copies with the kernels, so every ratio's two sides come from the same run. Knows how
 * many configurations it holds, hence how long it will take.
 */
public final class SuitePlan {
    /**
     * One benchmark class of a group.
     *
     * @param benchmark the JMH class
     * @param methods   a regular expression over its {@code @Benchmark} method names
     * @param params    parameter values to run; parameters not named keep their annotation's values
     */
    public record Step(Class<?> benchmark, String methods, Map<String, List<String>> params) {
        public Step {
            params = Map.copyOf(params);
        }

        /** The JMH include pattern. */
        String include() {
            return benchmark.getName().replace(".", "\\.") + "\\.(" + methods + ")$";
        }

        /** Matching benchmark methods times every combination of parameter values. */
        public int configurations() {
            long methodCount = Arrays.stream(benchmark.getMethods())
                    .filter(m -> m.isAnnotationPresent(Benchmark.class) && m.getName().matches(methods)).count();
            int combinations = 1;
            for (Field field : benchmark.getFields()) {
                Param param = field.getAnnotation(Param.class);
                if (param != null) {
                    combinations *= params.containsKey(field.getName()) ? params.get(field.getName()).size() : param.value().length;
                }
            }
            return Math.toIntExact(methodCount * combinations);
        }
    }

    /** A group, its steps and how they are measured. */
    public record Part(BenchGroup group, List<Step> steps, RunSettings settings) {
        public Part {
            steps = List.copyOf(steps);
        }

        public int configurations() {
            return steps.stream().mapToInt(Step::configurations).sum();
        }

        public Duration estimate() {
            return settings.perConfiguration().multipliedBy(configurations());
        }
    }

    private final List<Part> parts;
    private final RunSettings settings;

    private SuitePlan(List<Part> parts, RunSettings settings) {
        this.parts = List.copyOf(parts);
        this.settings = settings;
    }

    /** Configurations of {@code group}, over all its parts. */
    public int configurations(BenchGroup group) {
        return parts.stream().filter(p -> p.group() == group).mapToInt(Part::configurations).sum();
    }

    /** The plan for {@code options}; {@code openBlasPresent} decides whether OpenBLAS rows run. */
    public static SuitePlan of(BenchOptions options, boolean openBlasPresent) {
        List<String> threads = options.threads().stream().map(String::valueOf).toList();
        Step peak = new Step(PeakBenchmark.class, "fma", Map.of());
        boolean peakPlaced = false;
        List<Part> parts = new ArrayList<>();
        for (BenchGroup group : options.groups()) {
            List<Step> steps = new ArrayList<>();
            switch (group) {
                case GEMM -> {
                    // per shape, back to back: each library in forks of its own (their rates and fork
                    // spreads), then on 1 thread the two alternating within the same forks (on a host
                    // whose speed drifts by tens of percent within minutes, separate forks compare the
                    // host's phases as well as the libraries); not on more threads, where each
                    // library's idle threads spin on the cores the other's need (GemmInterleavedBenchmark).
                    // One JMH invocation each: parameters are per invocation.
                    List<String> alternating = threads.contains("1") ? List.of("1") : List.of();
                    for (GemmShape shape : options.shapes()) {
                        List<String> shapeParam = List.of(shape.toString());
                        List<Step> separate = new ArrayList<>();
                        separate.add(new Step(GemmBenchmark.class, "sgemm", Map.of("shape", shapeParam, "threads", threads,
                                "impl", openBlasPresent ? List.of("simdnn", "openblas") : List.of("simdnn"))));
                        if (!peakPlaced) {
                            separate.add(peak);
                            peakPlaced = true;
                        }
                        parts.add(new Part(group, separate, settingsFor(group, options)));
                        if (openBlasPresent && !alternating.isEmpty()) {
                            parts.add(new Part(group, List.of(new Step(GemmInterleavedBenchmark.class, "interleaved",
                                    Map.of("shape", shapeParam, "threads", alternating))), settingsFor(group, options)));
                        }
                    }
                    continue;
                }
                case KERNELS -> {
                    steps.add(new Step(StreamingKernelBenchmark.class, ".*", Map.of("threads", List.of("1"))));
                    steps.add(new Step(CopyBenchmark.class, "copy", Map.of("floats",
                            StreamingKernelBenchmark.copySizes().stream().map(String::valueOf).toList())));
                    // each kernel against its copy in alternating calls within one fork (the headline ratio)
                    steps.add(new Step(StreamingInterleavedBenchmark.class, "interleaved", Map.of()));
                }
                case CONV -> steps.add(new Step(ConvBenchmark.class, ".*", Map.of("threads", threads)));
                case TRAIN -> {
                    steps.add(new Step(TrainingStepBenchmark.class, "step", Map.of("threads", threads)));
                    // the step against its GEMM and convolution calls alone, interleaved in one fork
                    steps.add(new Step(StepOverKernelsBenchmark.class, "interleaved", Map.of("threads", threads)));
                }
                // 1 and 2 threads alternating in each fork, whatever --threads says: the speed-up is its figure
                case SCALING -> steps.add(new Step(ThreadScalingBenchmark.class, "interleaved", Map.of()));
            }
            if (!peakPlaced && (group == BenchGroup.GEMM || group == BenchGroup.CONV || group == BenchGroup.SCALING)) {
                steps.add(peak);
                peakPlaced = true;
            }
            parts.add(new Part(group, steps, settingsFor(group, options)));
        }
        return new SuitePlan(parts, options.settings());
    }

    /**
     * The options' settings, except that a training step gets 6 warm-up iterations of 2 s (0.7 s
     * with --quick): a step runs the whole network, which takes about 100 steps to be compiled
     * (until then vector code runs boxed, hundreds of KB per step). The first iteration is one
     * interpreted step of about 2.5 s; with 3 iterations the first measured one of every fork
     * still allocated 85-290 KB per step.
     */
    static final int TRAINING_WARMUP_ITERATIONS = 6;

    /**
     * Convolutions get 5 warm-up iterations (of the run's length): a forward + backward call
     * runs im2col, three GEMMs, col2im and reorderings, and its first call, interpreted, takes
     * about a second, the whole first iteration. With 2 iterations the 2-thread forks measured
     * while C2 was still compiling on one of the two cores: 43-58 calls/s against 70-79 once
     * compiled.
     */
    static final int CONVOLUTION_WARMUP_ITERATIONS = 5;

    /**
     * GEMMs get 5 warm-up iterations too: the first call of a large product runs interpreted for
     * about a second (4.979 ops/s in the first warm-up iteration of 32x12544x400), and with 2
     * iterations the measurement overlapped C2 compiling the driver and packing (255 ops/s and
     * 18 KB/op of boxed vectors against 308 ops/s and 70 B/op once compiled).
     */
    static final int GEMM_WARMUP_ITERATIONS = 5;

    private static RunSettings settingsFor(BenchGroup group, BenchOptions options) {
        RunSettings settings = options.settings();
        return switch (group) {
            case TRAIN, SCALING -> settings.withWarmup(TRAINING_WARMUP_ITERATIONS, options.quick() ? 700 : 2000);
            case CONV -> settings.withWarmup(CONVOLUTION_WARMUP_ITERATIONS, settings.warmupMillis());
            case GEMM -> settings.withWarmup(GEMM_WARMUP_ITERATIONS, settings.warmupMillis());
            default -> settings;
        };
    }

    public List<Part> parts() {
        return parts;
    }

    /** The settings chosen on the command line (training steps warm up longer, see {@link Part#settings()}). */
    public RunSettings settings() {
        return settings;
    }

    /** Benchmark configurations in the whole plan. */
    public int configurations() {
        return parts.stream().mapToInt(Part::configurations).sum();
    }

    /** Expected wall time of the whole plan. */
    public Duration estimate() {
        return parts.stream().map(Part::estimate).reduce(Duration.ZERO, Duration::plus);
    }

    /** JMH options for one part: its includes and parameters, the settings, the GC profiler. */
    public Options jmhOptions(Part part) {
        ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true).addProfiler(GCProfiler.class);
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Step step : part.steps()) {
            options.include(step.include());
            step.params().forEach((name, values) -> {
                List<String> previous = params.putIfAbsent(name, values);
                if (previous != null && !previous.equals(values)) {
                    // JMH parameters are per invocation, not per class: two steps may not disagree
                    throw new IllegalStateException("parameter " + name + " has two value lists in group " + part.group());
                }
            });
        }
        params.forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        return part.settings().applyTo(options).build();
    }
}
