package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * simdnn against OpenBLAS from {@code GemmInterleavedBenchmark}'s auxiliary counters, fork by fork,
 * beside simdnn's own forks, on JMH JSON entries shaped like the real ones (2 forks of 3 iterations).
 */
class GemmInterleavedReportTest {
    private static final String SIMDNN = """
            {"benchmark": "io.simdnn.bench.benchmarks.GemmBenchmark.sgemm", "forks": 2,
              "warmupIterations": 5, "warmupTime": "1000 ms", "measurementIterations": 3, "measurementTime": "600 ms",
              "params": {"shape": "1000x1000x500:NN", "threads": "1", "impl": "simdnn"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[80, 90, 85], [70, 72, 71]]},
              "secondaryMetrics": {"gc.alloc.rate.norm": {"scoreUnit": "B/op", "rawData": [[0, 0, 0], [0, 0, 0]]}}}""";
    // 1 GFLOP per call; fork 1: 90 calls per side, OpenBLAS 0.9 s and simdnn 1.0 s per iteration; fork 2: 1.2 s and 1.5 s
    private static final String INTERLEAVED = """
            {"benchmark": "io.simdnn.bench.benchmarks.GemmInterleavedBenchmark.interleaved", "forks": 2,
              "warmupIterations": 5, "warmupTime": "1000 ms", "measurementIterations": 3, "measurementTime": "600 ms",
              "params": {"shape": "1000x1000x500:NN", "threads": "1"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[50, 50, 50], [40, 40, 40]]},
              "secondaryMetrics": {
                "gc.alloc.rate.norm": {"scoreUnit": "B/op", "rawData": [[0, 0, 0], [0, 0, 0]]},
                "simdnnNanos": {"scoreUnit": "#", "rawData": [[1.0e9, 1.0e9, 1.0e9], [1.5e9, 1.5e9, 1.5e9]]},
                "openblasNanos": {"scoreUnit": "#", "rawData": [[0.9e9, 0.9e9, 0.9e9], [1.2e9, 1.2e9, 1.2e9]]},
                "calls": {"scoreUnit": "#", "rawData": [[90, 90, 90], [90, 90, 90]]}}}""";

    private static SuiteReport report(String... entries) {
        return SuiteReport.of(JmhResults.parse("[" + String.join(",", entries) + "]"), MachineInfo.detect());
    }

    private static final String OPENBLAS = SIMDNN.replace("\"simdnn\"", "\"openblas\"")
            .replace("[[80, 90, 85], [70, 72, 71]]", "[[100, 100, 100], [100, 100, 100]]");

    @Test
    void theInterleavedRatioIsOpenBlasTimeOverSimdnnTimePerFork() {
        GemmReport.Row row = report(SIMDNN, OPENBLAS, INTERLEAVED).gemm().rows().getFirst();
        assertEquals(List.of(0.9, 0.8), row.interleavedRatio().orElseThrow().scores());
        // the separate forks keep their own ratio: medians 78 (85 and 71) over 100
        assertEquals(78, row.simdnn().median(), 1e-9);
        assertEquals(0.78, row.ratioToOpenBlas().orElseThrow(), 1e-9);
    }

    @Test
    void theTableAndHeadlineShowBothComparisons() {
        String markdown = MarkdownReport.report(report(SIMDNN, OPENBLAS, INTERLEAVED));
        assertTrue(markdown.contains("| 1000x1000x500 | NN | 1 | 78.0 (71.0-85.0) | 100.0 (100.0-100.0) | 0.78x | 0.85x (0.80-0.90) | n/a |"),
                markdown);
        assertTrue(markdown.contains("| GEMM, geometric mean of 1 shapes, 1 thread |  | OpenBLAS | 0.78x |"), markdown);
        assertTrue(markdown.contains("| GEMM, geometric mean of 1 shapes, 1 thread |  | OpenBLAS, interleaved | 0.85x |"), markdown);
        assertTrue(markdown.contains("GemmInterleavedBenchmark"), markdown);
    }

    @Test
    void withoutTheInterleavedRunTheTableHasNoSuchColumn() {
        String markdown = MarkdownReport.report(report(SIMDNN, OPENBLAS));
        assertTrue(markdown.contains("| 1000x1000x500 | NN | 1 | 78.0 (71.0-85.0) | 100.0 (100.0-100.0) | 0.78x | n/a |"), markdown);
        assertFalse(markdown.contains("interleaved"), markdown);
    }
}
