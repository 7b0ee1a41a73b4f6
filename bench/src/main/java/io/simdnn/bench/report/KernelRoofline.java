package io.simdnn.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import io.simdnn.bench.benchmarks.ConvBenchmark;
import io.simdnn.bench.benchmarks.CopyBenchmark;
import io.simdnn.bench.benchmarks.KernelTraffic;
import io.simdnn.bench.benchmarks.StreamingInterleavedBenchmark;
import io.simdnn.bench.benchmarks.StreamingKernelBenchmark;
import io.simdnn.kernels.ConvShape;

/**
 * Every kernel of a run against its roofline from the same run: the bandwidth-bound kernels of
 * {@link StreamingKernelBenchmark} against {@link CopyBenchmark}, the convolution (forward +
 * backward) and GEMM against the measured FMA peak. Also the convolution against its equivalent
 * GEMM, which isolates what im2col and col2im cost.
 */
public final class KernelRoofline {
    /**
     * Convolution forward + backward against the forward pass's GEMM alone, in the same run.
     *
     * @param effective   GFLOP/s counting the direct convolution's flops ({@link ConvBenchmark#passes} x forward per call)
     * @param gemm        the equivalent GEMM's GFLOP/s, when it ran
     * @param interleaved both timed in alternating calls within each fork, when that ran
     */
    public record ConvRow(String layer, int threads, ForkScores effective, Optional<ForkScores> gemm,
                          Optional<Interleaved> interleaved) {
        /** "fwd+bwd 64x16x14x14-32": what was measured, on which layer. */
        public String label() {
            return ConvBenchmark.passesLabel(ConvBenchmark.parse(layer)) + " " + layer;
        }

        /** The rate ratio of the separate benchmarks (forward + backward, GEMM), minutes apart. */
        public Optional<Double> separateRatio() {
            return gemm.map(g -> effective.median() / g.median());
        }

        /** The headline ratio: the interleaved one's median fork where it ran, else the separate one. */
        public Optional<Double> ratioToGemm() {
            return interleaved.map(both -> both.ratio().median()).or(this::separateRatio);
        }
    }

    /**
     * {@link ConvBenchmark#interleaved}, per fork: the convolution's and the GEMM's GFLOP/s and
     * their ratio (the GEMMs' nanoseconds over the convolutions', equal flops on both sides), and
     * the FMA peak of the calling core timed between them, when the run recorded it.
     *
     * @param peak           the peak loop's GFLOP/s on one core
     * @param fractionOfPeak the convolution's GFLOP/s over the peak times the threads
     */
    public record Interleaved(ForkScores convolution, ForkScores gemm, ForkScores ratio, Optional<ForkScores> peak,
                              Optional<ForkScores> fractionOfPeak) {
        /** {@code gflopPerCall}: a forward + backward's GFLOP, which its GEMMs match. */
        static Interleaved of(BenchmarkRun run, double gflopPerCall) {
            ForkScores convolution = run.counterRatio(ConvBenchmark.CALLS, ConvBenchmark.CONV_NANOS).scaled(gflopPerCall * 1e9);
            Optional<ForkScores> peak = run.hasCounter(ConvBenchmark.PEAK_NANOS)
                    ? Optional.of(run.counterRatio(ConvBenchmark.PEAK_FLOPS, ConvBenchmark.PEAK_NANOS))
                    : Optional.empty();
            return new Interleaved(convolution,
                    run.counterRatio(ConvBenchmark.CALLS, ConvBenchmark.GEMM_NANOS).scaled(gflopPerCall * 1e9),
                    run.counterRatio(ConvBenchmark.GEMM_NANOS, ConvBenchmark.CONV_NANOS),
                    peak, peak.map(p -> convolution.dividedBy(p.scaled(run.threads()))));
        }
    }

    /**
     * A bandwidth-bound kernel timed in alternation with its copy and with plain stores of its
     * fresh output ({@link StreamingInterleavedBenchmark}), per fork.
     *
     * @param ratio        the kernel's GB/s over the copy's: the headline figure
     * @param storeCeiling the ratio the kernel would reach if it took exactly as long as plain vector
     *                     stores of its fresh output bytes, the fastest any store-built kernel can
     *                     write them (empty when it writes none)
     */
    public record InterleavedBandwidth(String kernel, ForkScores kernelGbPerSecond, ForkScores copyGbPerSecond,
                                       ForkScores ratio, Optional<ForkScores> storeCeiling) {
        static InterleavedBandwidth of(BenchmarkRun run, KernelTraffic traffic) {
            double bytesOverCopyBytes = (double) traffic.bytesPerCall() / traffic.copyBytes();
            return new InterleavedBandwidth(traffic.benchmark(),
                    run.counterRatio(StreamingInterleavedBenchmark.CALLS, StreamingInterleavedBenchmark.KERNEL_NANOS)
                            .scaled(traffic.bytesPerCall()),
                    run.counterRatio(StreamingInterleavedBenchmark.CALLS, StreamingInterleavedBenchmark.COPY_NANOS)
                            .scaled(traffic.copyBytes()),
                    run.counterRatio(StreamingInterleavedBenchmark.COPY_NANOS, StreamingInterleavedBenchmark.KERNEL_NANOS)
                            .scaled(bytesOverCopyBytes),
                    traffic.freshBytes() == 0 ? Optional.empty() : Optional.of(
                            run.counterRatio(StreamingInterleavedBenchmark.COPY_NANOS, StreamingInterleavedBenchmark.STORE_NANOS)
                                    .scaled(bytesOverCopyBytes)));
        }
    }

    private KernelRoofline() {}

    /** The bandwidth-bound kernels measured against their copy in alternating calls, in {@link StreamingKernelBenchmark#TRAFFIC} order. */
    public static List<InterleavedBandwidth> bandwidthInterleaved(JmhResults results) {
        List<InterleavedBandwidth> rows = new ArrayList<>();
        for (KernelTraffic traffic : StreamingKernelBenchmark.TRAFFIC) {
            results.find("StreamingInterleavedBenchmark.interleaved", r -> r.param("kernel").equals(traffic.benchmark()))
                    .map(run -> InterleavedBandwidth.of(run, traffic))
                    .ifPresent(rows::add);
        }
        return rows;
    }

    /** Bandwidth-bound kernels against the copy moving their bytes; kernels without that copy are left out. */
    public static List<RooflineRow> bandwidth(JmhResults results) {
        List<RooflineRow> rows = new ArrayList<>();
        for (KernelTraffic traffic : StreamingKernelBenchmark.TRAFFIC) {
            Optional<BenchmarkRun> kernel = results.find("StreamingKernelBenchmark." + traffic.benchmark(), r -> true);
            Optional<BenchmarkRun> copy = results.find("CopyBenchmark.copy",
                    r -> Long.parseLong(r.param("floats")) == traffic.copyFloats());
            if (kernel.isPresent() && copy.isPresent()) {
                double copyGbPerSecond = copy.get().score().median() * traffic.copyBytes() / 1e9;
                rows.add(new RooflineRow(traffic.benchmark(), kernel.get().threads(), "GB/s",
                        kernel.get().score().scaled(traffic.bytesPerCall() / 1e9), copyGbPerSecond,
                        String.format(Locale.ROOT, "copy of %.1f MB", traffic.copyBytes() / 1e6)));
            }
        }
        return rows;
    }

    /**
     * Convolution forward + backward per layer and thread count, with its equivalent GEMM: the
     * separate rates and, per fork, the interleaved GEMM-time-over-convolution-time ratio.
     */
    public static List<ConvRow> convolution(JmhResults results) {
        List<ConvRow> rows = new ArrayList<>();
        for (BenchmarkRun run : results.of("ConvBenchmark.forwardBackward")) {
            ConvShape shape = ConvBenchmark.parse(run.param("layer"));
            double gflopPerCall = ConvBenchmark.passes(shape) * shape.forwardFlops() / 1e9;
            Optional<ForkScores> gemm = results.find("ConvBenchmark.equivalentGemm", r -> r.params().equals(run.params()))
                    .map(r -> r.score().scaled(shape.forwardFlops() / 1e9));
            Optional<Interleaved> interleaved = results.find("ConvBenchmark.interleaved", r -> r.params().equals(run.params()))
                    .map(r -> Interleaved.of(r, gflopPerCall));
            rows.add(new ConvRow(run.param("layer"), run.threads(), run.score().scaled(gflopPerCall), gemm, interleaved));
        }
        return rows;
    }

    /** The compute-bound kernels (convolution, then simdnn's GEMM) against the FMA peak x threads. */
    public static List<RooflineRow> compute(List<ConvRow> convolution, GemmReport gemm, double peakGflopsPerCore) {
        List<RooflineRow> rows = new ArrayList<>();
        for (ConvRow conv : convolution) {
            rows.add(new RooflineRow("conv " + conv.label(), conv.threads(), "GFLOP/s", conv.effective(),
                    peakGflopsPerCore * conv.threads(), peakName(conv.threads())));
        }
        for (GemmReport.Row row : gemm.rows()) {
            rows.add(new RooflineRow("sgemm " + row.shape(), row.threads(), "GFLOP/s", row.simdnn(),
                    peakGflopsPerCore * row.threads(), peakName(row.threads())));
        }
        return rows;
    }

    private static String peakName(int threads) {
        return threads == 1 ? "FMA peak, 1 core" : "FMA peak x " + threads + " cores";
    }
}
