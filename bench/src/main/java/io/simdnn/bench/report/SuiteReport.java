package io.simdnn.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import io.simdnn.bench.benchmarks.PeakBenchmark;
import io.simdnn.bench.benchmarks.StepOverKernelsBenchmark;
import io.simdnn.bench.benchmarks.ThreadScalingBenchmark;
import io.simdnn.bench.benchmarks.TrainingStepBenchmark;

/**
 * The figures of one benchmark run, each paired with what it is compared with in the same run:
 * GEMM with OpenBLAS and the FMA peak, every kernel with its roofline, the convolution with its
 * equivalent GEMM, training steps with their single-thread rate; plus the allocation per
 * operation of every configuration. Built from the JMH JSON alone (and the machine file), so
 * {@link MarkdownReport} and {@link ReportCharts} only render.
 *
 * @param peakGflops  the single-core FMA peak per fork, when {@link PeakBenchmark} ran
 * @param bandwidth   bandwidth-bound kernels against copies benchmarked on their own
 * @param bandwidthInterleaved the same kernels timed in alternation with their copies (the headline ratio), when that ran
 * @param compute     convolution and GEMM against the FMA peak (empty without a peak)
 * @param copyGbPerSecond the copy configurations' rates, the bandwidth roofline itself
 * @param scaling     2-thread speed-ups measured with 1 and 2 threads alternating in each fork, when that ran
 */
public record SuiteReport(MachineInfo machine, List<String> settings, Optional<ForkScores> peakGflops, GemmReport gemm,
                          List<RooflineRow> bandwidth, List<KernelRoofline.InterleavedBandwidth> bandwidthInterleaved,
                          List<RooflineRow> compute, List<KernelRoofline.ConvRow> convolution,
                          List<TrainingRow> training, List<AllocationRow> allocations, List<CopyRow> copyGbPerSecond,
                          List<ScalingRow> scaling) {
    /** Net bytes per operation below which a benchmark counts as allocation-free (~0). */
    public static final double ALLOCATION_FREE_BYTES = 64;

    /** Benchmarks that allocate nothing themselves: their B/op x ops/s is JMH's own allocation rate. */
    static final List<String> NON_ALLOCATING = List.of("CopyBenchmark.copy", "PeakBenchmark.fma");

    /**
     * A training step of one model at one thread count. {@code stepOverKernels}: a step's time
     * over the time of its GEMM and convolution calls alone, per fork, measured interleaved in
     * one fork ({@link StepOverKernelsBenchmark}); the target is <= 1.3.
     */
    public record TrainingRow(String model, int batch, int threads, ForkScores samplesPerSecond,
                              Optional<Double> speedUpOverOneThread, Optional<ForkScores> stepOverKernels) {
        public double millisecondsPerStep() {
            return 1000.0 * batch / samplesPerSecond.median();
        }
    }

    /**
     * Allocation per operation of one configuration, from the GC profiler. The profiler divides
     * everything a fork allocates by the operations, JMH's own bookkeeping included: a steady
     * rate of tens of KB/s in every fork, which the few calls per second of a large GEMM turn into
     * kilobytes per operation. That rate, measured in the same run on benchmarks that allocate
     * nothing ({@link #NON_ALLOCATING}), is subtracted; since that rate itself varies between
     * configurations (by a factor of 2 or more within a run), the verdict tolerates once more the
     * subtracted share on top of {@link #ALLOCATION_FREE_BYTES}.
     *
     * @param harnessBytesPerSecond JMH's own allocation rate in this run (0 when it could not be measured)
     */
    public record AllocationRow(String benchmark, String params, ForkScores bytesPerOp, double operationsPerSecond,
                                double harnessBytesPerSecond) {
        /** The harness's share of {@link #bytesPerOp}. */
        public double harnessBytesPerOp() {
            return harnessBytesPerSecond / operationsPerSecond;
        }

        /** Median bytes per operation less the harness's share. */
        public double netBytesPerOp() {
            return bytesPerOp.median() - harnessBytesPerOp();
        }

        public boolean allocationFree() {
            return netBytesPerOp() < Math.max(ALLOCATION_FREE_BYTES, harnessBytesPerOp());
        }
    }

    /**
     * One workload's 2-thread speed-up, per fork: its time on 1 thread over its time on 2, from
     * blocks of calls alternating between the two thread counts ({@link ThreadScalingBenchmark}),
     * and the core-to-core round trip in nanoseconds read before its iterations, per fork (absent
     * in runs that did not read it).
     */
    public record ScalingRow(String workload, String description, ForkScores speedUp, Optional<ForkScores> roundTripNanos) {}

    /** A copy configuration: the bandwidth roofline for kernels moving its bytes. */
    public record CopyRow(long bytesMoved, ForkScores gbPerSecond) {}

    public SuiteReport {
        settings = List.copyOf(settings);
        bandwidth = List.copyOf(bandwidth);
        bandwidthInterleaved = List.copyOf(bandwidthInterleaved);
        compute = List.copyOf(compute);
        convolution = List.copyOf(convolution);
        training = List.copyOf(training);
        allocations = List.copyOf(allocations);
        copyGbPerSecond = List.copyOf(copyGbPerSecond);
        scaling = List.copyOf(scaling);
    }

    /** Derives every figure from a run's results and its machine. */
    public static SuiteReport of(JmhResults results, MachineInfo machine) {
        Optional<ForkScores> peak = results.find("PeakBenchmark.fma", r -> true)
                .map(r -> r.score().scaled(PeakBenchmark.gflops(1, machine.peakLanes())));
        double peakMedian = peak.map(ForkScores::median).orElse(Double.NaN);
        GemmReport gemm = GemmReport.from(results, peakMedian);
        List<KernelRoofline.ConvRow> convolution = KernelRoofline.convolution(results);
        List<RooflineRow> compute = peak.isPresent() ? KernelRoofline.compute(convolution, gemm, peakMedian) : List.of();
        return new SuiteReport(machine, results.settings(), peak, gemm, KernelRoofline.bandwidth(results),
                KernelRoofline.bandwidthInterleaved(results), compute,
                convolution, training(results), allocations(results), copies(results), scaling(results));
    }

    private static List<ScalingRow> scaling(JmhResults results) {
        return results.of("ThreadScalingBenchmark.interleaved").stream().map(run -> new ScalingRow(run.param("workload"),
                ThreadScalingBenchmark.describe(run.param("workload")),
                run.counterRatio(ThreadScalingBenchmark.ONE_THREAD_NANOS, ThreadScalingBenchmark.TWO_THREAD_NANOS),
                roundTrip(run))).toList();
    }

    /** The round trip per fork, when every fork read one (a one-CPU machine reads 0). */
    private static Optional<ForkScores> roundTrip(BenchmarkRun run) {
        return Optional.of(ThreadScalingBenchmark.ROUND_TRIP_NANOS).filter(run::hasCounter).map(run::counter)
                .filter(nanos -> nanos.scores().stream().allMatch(ns -> ns > 0));
    }

    private static List<TrainingRow> training(JmhResults results) {
        List<TrainingRow> rows = new ArrayList<>();
        for (BenchmarkRun run : results.of("TrainingStepBenchmark.step")) {
            String model = run.param("model");
            int batch = TrainingStepBenchmark.batch(model);
            Optional<Double> speedUp = run.threads() == 1 ? Optional.empty()
                    : results.find("TrainingStepBenchmark.step", r -> r.param("model").equals(model) && r.threads() == 1)
                            .map(single -> run.score().median() / single.score().median());
            Optional<ForkScores> overKernels = results.find("StepOverKernelsBenchmark.interleaved",
                            r -> r.param("model").equals(model) && r.threads() == run.threads())
                    .map(interleaved -> interleaved.counterRatio(StepOverKernelsBenchmark.STEP_NANOS, StepOverKernelsBenchmark.KERNELS_NANOS));
            rows.add(new TrainingRow(model, batch, run.threads(), run.score().scaled(batch), speedUp, overKernels));
        }
        return rows;
    }

    private static List<AllocationRow> allocations(JmhResults results) {
        double harness = harnessBytesPerSecond(results);
        List<AllocationRow> rows = new ArrayList<>();
        for (BenchmarkRun run : results.runs()) {
            run.bytesPerOp().ifPresent(bytes -> rows.add(new AllocationRow(run.benchmark(),
                    new TreeMap<>(run.params()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")), bytes, run.operationsPerSecond(), harness)));
        }
        return rows;
    }

    /** Median over the non-allocating benchmarks of B/op x ops/s; 0 if none ran with the GC profiler. */
    static double harnessBytesPerSecond(JmhResults results) {
        double[] rates = results.runs().stream().filter(r -> NON_ALLOCATING.contains(r.benchmark()) && r.bytesPerOp().isPresent())
                .mapToDouble(r -> r.bytesPerOp().orElseThrow().median() * r.operationsPerSecond()).toArray();
        return rates.length == 0 ? 0 : ForkScores.of(rates).median();
    }

    private static List<CopyRow> copies(JmhResults results) {
        return results.of("CopyBenchmark.copy").stream().map(run -> {
            long bytes = 2L * Float.BYTES * Long.parseLong(run.param("floats"));
            return new CopyRow(bytes, run.score().scaled(bytes / 1e9));
        }).toList();
    }

    /** Configurations whose allocation per operation is not ~0. */
    public List<AllocationRow> allocating() {
        return allocations.stream().filter(row -> !row.allocationFree()).toList();
    }

    /** Whether any configuration ran without the GC profiler (no B/op recorded). */
    public boolean hasAllocationData() {
        return !allocations.isEmpty();
    }
}
