package io.simdnn.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.simdnn.bench.benchmarks.GemmInterleavedBenchmark;
import io.simdnn.bench.benchmarks.GemmShape;

/**
 * Turns GEMM and peak benchmark scores from one run into the comparison table: simdnn and
 * OpenBLAS GFLOP/s per shape and thread count, their ratio, and simdnn's share of the measured
 * FMA peak (peak per core x threads).
 */
public final class GemmReport {
    /**
     * One row of the table. OpenBLAS is empty when the library was not installed, or not run.
     *
     * @param simdnn           simdnn's GFLOP/s per fork, in forks of its own ({@code GemmBenchmark})
     * @param openBlas         OpenBLAS's GFLOP/s per fork, in forks of its own
     * @param interleavedRatio simdnn's speed over OpenBLAS's per fork, the two timed in alternating
     *                         blocks within each fork ({@link GemmInterleavedBenchmark}); empty when
     *                         that did not run
     */
    public record Row(GemmShape shape, int threads, ForkScores simdnn, Optional<ForkScores> openBlas, double peakGflops,
                      Optional<ForkScores> interleavedRatio) {
        /** simdnn over OpenBLAS: the ratio of the two sides' median forks, each side in forks of its own. */
        public Optional<Double> ratioToOpenBlas() {
            return openBlas.map(blas -> simdnn.median() / blas.median());
        }

        public double fractionOfPeak() {
            return simdnn.median() / (peakGflops * threads);
        }
    }

    private final List<Row> rows;
    private final double peakGflopsPerCore;

    private GemmReport(List<Row> rows, double peakGflopsPerCore) {
        this.rows = rows;
        this.peakGflopsPerCore = peakGflopsPerCore;
    }

    /**
     * Builds the report from throughputs in operations (GEMM calls) per second, keyed by
     * {@code (shape, threads, impl)}, and the single-core peak in GFLOP/s.
     */
    public static GemmReport fromCallsPerSecond(Map<Key, ForkScores> callsPerSecond, double peakGflopsPerCore) {
        return fromCallsPerSecond(callsPerSecond, Map.of(), peakGflopsPerCore);
    }

    /**
     * As {@link #fromCallsPerSecond(Map, double)}, with the interleaved ratios (simdnn's speed over
     * OpenBLAS's per fork) keyed by {@code (shape, threads, INTERLEAVED)}.
     */
    static GemmReport fromCallsPerSecond(Map<Key, ForkScores> callsPerSecond, Map<Key, ForkScores> interleavedRatios,
                                         double peakGflopsPerCore) {
        List<Row> rows = new ArrayList<>();
        callsPerSecond.keySet().stream()
                .filter(key -> key.impl().equals("simdnn"))
                .sorted(Comparator.comparing((Key key) -> key.shape().flops()).thenComparing(Key::threads))
                .forEach(key -> {
                    double gigaFlopsPerCall = key.shape().flops() / 1e9;
                    ForkScores simdnn = callsPerSecond.get(key).scaled(gigaFlopsPerCall);
                    Optional<ForkScores> blas = Optional.ofNullable(
                                    callsPerSecond.get(new Key(key.shape(), key.threads(), "openblas")))
                            .map(scores -> scores.scaled(gigaFlopsPerCall));
                    Row row = new Row(key.shape(), key.threads(), simdnn, blas, peakGflopsPerCore,
                            Optional.ofNullable(interleavedRatios.get(new Key(key.shape(), key.threads(), INTERLEAVED))));
                    rows.add(row);
                });
        return new GemmReport(List.copyOf(rows), peakGflopsPerCore);
    }

    /** The report of the {@code GemmBenchmark.sgemm} configurations in {@code results}. */
    public static GemmReport from(JmhResults results, double peakGflopsPerCore) {
        Map<Key, ForkScores> calls = new LinkedHashMap<>();
        for (BenchmarkRun run : results.of("GemmBenchmark.sgemm")) {
            calls.put(new Key(GemmShape.parse(run.param("shape")), run.threads(), run.param("impl")), run.score());
        }
        Map<Key, ForkScores> interleaved = new LinkedHashMap<>();
        for (BenchmarkRun run : results.of("GemmInterleavedBenchmark.interleaved")) {
            interleaved.put(new Key(GemmShape.parse(run.param("shape")), run.threads(), INTERLEAVED),
                    run.counterRatio(GemmInterleavedBenchmark.OPENBLAS_NANOS, GemmInterleavedBenchmark.SIMDNN_NANOS));
        }
        return fromCallsPerSecond(calls, interleaved, peakGflopsPerCore);
    }

    /** Whether no row has an OpenBLAS measurement (library absent, or not run). */
    public boolean withoutOpenBlas() {
        return rows.stream().allMatch(row -> row.openBlas().isEmpty());
    }

    /** What a GEMM benchmark result is about: impl {@code simdnn}, {@code openblas} or {@link #INTERLEAVED}. */
    public record Key(GemmShape shape, int threads, String impl) {}

    /** The {@link Key#impl} of a ratio from {@link GemmInterleavedBenchmark}. */
    static final String INTERLEAVED = "interleaved";

    /** Whether any row has an interleaved ratio. */
    public boolean hasInterleaved() {
        return rows.stream().anyMatch(row -> row.interleavedRatio().isPresent());
    }

    public List<Row> rows() {
        return rows;
    }

    /** The Markdown table, one row per shape and thread count. */
    public String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append(Double.isFinite(peakGflopsPerCore)
                ? String.format(Locale.ROOT, "Measured FMA peak: %.1f GFLOP/s per core.%n%n", peakGflopsPerCore)
                : "FMA peak not measured in this run: no % of peak.\n\n");
        boolean interleaved = hasInterleaved();
        out.append("| shape (MxNxK) | op | threads | simdnn GFLOP/s (min-max) | OpenBLAS GFLOP/s (min-max) | simdnn / OpenBLAS | "
                + (interleaved ? "simdnn / OpenBLAS, interleaved (forks) | " : "") + "% of peak |\n");
        out.append("|---|---|---:|---:|---:|---:|" + (interleaved ? "---:|" : "") + "---:|\n");
        for (Row row : rows) {
            GemmShape shape = row.shape();
            String alternating = !interleaved ? "" : row.interleavedRatio()
                    .map(r -> String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", r.median(), r.min(), r.max())).orElse("-") + " | ";
            out.append(String.format(Locale.ROOT, "| %dx%dx%d | %s | %d | %s | %s | %s | %s%s |%n",
                    shape.m(), shape.n(), shape.k(), shape.transposes(), row.threads(),
                    format(row.simdnn()),
                    row.openBlas().map(GemmReport::format).orElse("n/a"),
                    row.ratioToOpenBlas().map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse("n/a"),
                    alternating,
                    Double.isFinite(row.fractionOfPeak()) ? String.format(Locale.ROOT, "%.0f%%", 100 * row.fractionOfPeak()) : "n/a"));
        }
        return out.toString();
    }

    private static String format(ForkScores scores) {
        return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", scores.median(), scores.min(), scores.max());
    }
}
