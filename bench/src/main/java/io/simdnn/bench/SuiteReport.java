package io.simdnn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one benchmark run, each paired with what it is compared with in the same run:
 * GEMM with OpenBLAS and the FMA peak, every kernel with its roofline, the convolution with its
 * equivalent GEMM, training steps with their single-thread rate; plus the allocation per
 * operation of every configuration. Built from the JMH JSON alone (and the machine file), so
 * {@link MarkdownReport} and {@link ReportCharts} only render.
 *
 * @param peakGflops  the single-core FMA peak per fork, when {@link PeakBenchmark} ran
 * @param bandwidth   bandwidth-bound kernels against copies
 * @param compute     convolution and GEMM against the FMA peak (empty without a peak)
 * @param copyGbPerSecond the copy configurations' rates, the bandwidth roofline itself
 */
public record SuiteReport(MachineInfo machine, List<String> settings, Optional<ForkScores> peakGflops, GemmReport gemm,
                          List<RooflineRow> bandwidth, List<RooflineRow> compute, List<KernelRoofline.ConvRow> convolution,
                          List<TrainingRow> training, List<AllocationRow> allocations, List<CopyRow> copyGbPerSecond) {
    /**
     * Below this many bytes per operation a benchmark counts as allocation-free. Not zero: the GC
     * profiler divides everything the fork allocates by the operations, JMH's own bookkeeping
     * included.
     */
    public static final double ALLOCATION_FREE_BYTES = 64;

    /**
     * ... or below this allocation rate. JMH's harness allocates about 27 KB/s in every fork
     * whatever the benchmark (measured on the copy benchmarks, which allocate nothing: their B/op
     * times ops/s is that constant); divided among the 4 calls per second of a 2048^3 GEMM it
     * reads as kilobytes per operation. A benchmark allocating more than 4 times the harness rate
     * really allocates.
     */
    public static final double ALLOCATION_FREE_BYTES_PER_SECOND = 128e3;

    /** A training step of one model at one thread count. */
    public record TrainingRow(String model, int batch, int threads, ForkScores samplesPerSecond,
                              Optional<Double> speedUpOverOneThread) {
        public double millisecondsPerStep() {
            return 1000.0 * batch / samplesPerSecond.median();
        }
    }

    /** Allocation per operation of one configuration, from the GC profiler, and its rate. */
    public record AllocationRow(String benchmark, String params, ForkScores bytesPerOp, double operationsPerSecond) {
        public double bytesPerSecond() {
            return bytesPerOp.median() * operationsPerSecond;
        }

        public boolean allocationFree() {
            return bytesPerOp.median() < ALLOCATION_FREE_BYTES || bytesPerSecond() < ALLOCATION_FREE_BYTES_PER_SECOND;
        }
    }

    /** A copy configuration: the bandwidth roofline for kernels moving its bytes. */
    public record CopyRow(long bytesMoved, ForkScores gbPerSecond) {}

    public SuiteReport {
        settings = List.copyOf(settings);
        bandwidth = List.copyOf(bandwidth);
        compute = List.copyOf(compute);
        convolution = List.copyOf(convolution);
        training = List.copyOf(training);
        allocations = List.copyOf(allocations);
        copyGbPerSecond = List.copyOf(copyGbPerSecond);
    }

    /** Derives every figure from a run's results and its machine. */
    public static SuiteReport of(JmhResults results, MachineInfo machine) {
        Optional<ForkScores> peak = results.find("PeakBenchmark.fma", r -> true)
                .map(r -> r.score().scaled(PeakBenchmark.gflops(1, machine.peakLanes())));
        double peakMedian = peak.map(ForkScores::median).orElse(Double.NaN);
        GemmReport gemm = GemmReport.from(results, peakMedian);
        List<KernelRoofline.ConvRow> convolution = KernelRoofline.convolution(results);
        List<RooflineRow> compute = peak.isPresent() ? KernelRoofline.compute(convolution, gemm, peakMedian) : List.of();
        return new SuiteReport(machine, results.settings(), peak, gemm, KernelRoofline.bandwidth(results), compute,
                convolution, training(results), allocations(results), copies(results));
    }

    private static List<TrainingRow> training(JmhResults results) {
        List<TrainingRow> rows = new ArrayList<>();
        for (BenchmarkRun run : results.of("TrainingStepBenchmark.step")) {
            String model = run.param("model");
            int batch = TrainingStepBenchmark.batch(model);
            Optional<Double> speedUp = run.threads() == 1 ? Optional.empty()
                    : results.find("TrainingStepBenchmark.step", r -> r.param("model").equals(model) && r.threads() == 1)
                            .map(single -> run.score().median() / single.score().median());
            rows.add(new TrainingRow(model, batch, run.threads(), run.score().scaled(batch), speedUp));
        }
        return rows;
    }

    private static List<AllocationRow> allocations(JmhResults results) {
        List<AllocationRow> rows = new ArrayList<>();
        for (BenchmarkRun run : results.runs()) {
            run.bytesPerOp().ifPresent(bytes -> rows.add(new AllocationRow(run.benchmark(),
                    new TreeMap<>(run.params()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")), bytes, run.operationsPerSecond())));
        }
        return rows;
    }

    private static List<CopyRow> copies(JmhResults results) {
        return results.of("CopyBenchmark.copy").stream().map(run -> {
            long bytes = 2L * Float.BYTES * Long.parseLong(run.param("floats"));
            return new CopyRow(bytes, run.score().scaled(bytes / 1e9));
        }).toList();
    }

    /** Configurations whose allocation per operation is not ~0 (issues 3 and 4 require ~0). */
    public List<AllocationRow> allocating() {
        return allocations.stream().filter(row -> !row.allocationFree()).toList();
    }

    /** Whether any configuration ran without the GC profiler (no B/op recorded). */
    public boolean hasAllocationData() {
        return !allocations.isEmpty();
    }
}
