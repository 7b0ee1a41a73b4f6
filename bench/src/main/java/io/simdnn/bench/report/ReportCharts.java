package io.simdnn.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The report's PNG charts, each stating in its notes what it is compared with in the same run,
 * that whiskers are the fork spread, and the machine: GEMM GFLOP/s simdnn vs OpenBLAS per shape,
 * every kernel as a fraction of its roofline, and training samples/s per model and thread count.
 */
public final class ReportCharts {
    private ReportCharts() {}

    /** Writes the charts that have data into {@code directory}; returns the files written. */
    public static List<Path> write(SuiteReport report, Path directory) throws IOException {
        List<Path> written = new ArrayList<>();
        for (var chart : List.of(
                new Named(MarkdownReport.GEMM_CHART, gemm(report)),
                new Named(MarkdownReport.ROOFLINE_CHART, roofline(report)),
                new Named(MarkdownReport.TRAINING_CHART, training(report)))) {
            if (!chart.spec().groups().isEmpty()) {
                Path file = directory.resolve(chart.file());
                BarChart.write(file, chart.spec());
                written.add(file);
            }
        }
        return written;
    }

    private record Named(String file, BarChart.Spec spec) {}

    static BarChart.Spec gemm(SuiteReport report) {
        List<BarChart.Group> groups = new ArrayList<>();
        for (GemmReport.Row row : report.gemm().rows()) {
            List<BarChart.Bar> bars = new ArrayList<>();
            bars.add(new BarChart.Bar("simdnn", row.simdnn(), String.format(Locale.ROOT, "%.1f%s", row.simdnn().median(),
                    row.ratioToOpenBlas().map(r -> String.format(Locale.ROOT, " = %.2fx OpenBLAS", r)).orElse(""))));
            row.openBlas().ifPresent(blas -> bars.add(new BarChart.Bar("OpenBLAS", blas,
                    String.format(Locale.ROOT, "%.1f", blas.median()))));
            groups.add(new BarChart.Group(row.shape() + ", " + MarkdownReport.threads(row.threads()), bars));
        }
        String comparison = report.gemm().withoutOpenBlas()
                ? "OpenBLAS not measured (" + report.machine().openBlas() + "): simdnn alone"
                : "simdnn vs OpenBLAS cblas_sgemm (through FFM), same run, same buffers";
        return new BarChart.Spec("SGEMM GFLOP/s per shape (MxNxK:op)", notes(report, comparison), "GFLOP/s", groups,
                peakLine(report), "FMA peak, 1 core");
    }

    static BarChart.Spec roofline(SuiteReport report) {
        List<BarChart.Group> groups = new ArrayList<>();
        for (RooflineRow row : concat(report.bandwidth(), report.compute())) {
            String annotation = String.format(Locale.ROOT, "%.2f of %s (%.1f %s)", row.fraction().median(), row.roofName(),
                    row.roof(), row.unit());
            groups.add(new BarChart.Group(row.kernel() + (row.threads() == 1 ? "" : ", " + MarkdownReport.threads(row.threads())),
                    List.of(new BarChart.Bar(row.bandwidthBound() ? "bandwidth-bound: GB/s / copy GB/s" : "compute-bound: GFLOP/s / FMA peak",
                            row.fraction(), annotation))));
        }
        return new BarChart.Spec("Kernels as a fraction of their roofline",
                notes(report, "bandwidth-bound kernels / MemorySegment.copy of the same bytes; compute-bound / measured FMA peak x threads; same run"),
                "fraction of roofline", groups, OptionalDouble.of(1), "roofline");
    }

    static BarChart.Spec training(SuiteReport report) {
        List<BarChart.Group> groups = new ArrayList<>();
        for (String model : report.training().stream().map(SuiteReport.TrainingRow::model).distinct().toList()) {
            List<BarChart.Bar> bars = new ArrayList<>();
            int batch = 0;
            for (SuiteReport.TrainingRow row : report.training()) {
                if (row.model().equals(model)) {
                    batch = row.batch();
                    bars.add(new BarChart.Bar(MarkdownReport.threads(row.threads()), row.samplesPerSecond(),
                            String.format(Locale.ROOT, "%.0f samples/s%s", row.samplesPerSecond().median(),
                                    row.speedUpOverOneThread().map(s -> String.format(Locale.ROOT, " = %.2fx 1 thread", s)).orElse(""))));
                }
            }
            groups.add(new BarChart.Group(model.toUpperCase(Locale.ROOT) + ", batch " + batch, bars));
        }
        return new BarChart.Spec("Training step throughput (forward, loss, backward, momentum update)",
                notes(report, "each thread count vs the same model on 1 thread, same run"), "samples/s", groups,
                OptionalDouble.empty(), "");
    }

    private static List<String> notes(SuiteReport report, String comparison) {
        return List.of(comparison, "bar: median fork; whisker: slowest to fastest fork",
                "JMH: " + String.join("; ", report.settings()),
                report.machine().oneLine(), "OpenBLAS: " + report.machine().openBlas());
    }

    private static OptionalDouble peakLine(SuiteReport report) {
        return report.peakGflops().map(p -> OptionalDouble.of(p.median())).orElse(OptionalDouble.empty());
    }

    private static List<RooflineRow> concat(List<RooflineRow> a, List<RooflineRow> b) {
        List<RooflineRow> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
