package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void theRatioIsOpenBlasTimeOverSimdnnTimePerForkAndOpenBlasRateComesFromTheSameForks() {
        GemmReport.Row row = report(SIMDNN, INTERLEAVED).gemm().rows().getFirst();
        assertEquals(List.of(0.9, 0.8), row.interleavedRatio().orElseThrow().scores());
        assertEquals(0.85, row.ratioToOpenBlas().orElseThrow(), 1e-9); // the median fork of the two
        assertEquals(List.of(100.0, 75.0), row.openBlas().orElseThrow().scores()); // 90 GFLOP in 0.9 s and 1.2 s
        assertEquals(78, row.simdnn().median(), 1e-9); // simdnn's own forks: 85 and 71
    }

    @Test
    void theTableAndHeadlineSayTheRatioWasInterleaved() {
        String markdown = MarkdownReport.report(report(SIMDNN, INTERLEAVED));
        assertTrue(markdown.contains("| 1000x1000x500 | NN | 1 | 78.0 (71.0-85.0) | 87.5 (75.0-100.0) | 0.85x (0.80-0.90) |"), markdown);
        assertTrue(markdown.contains("| GEMM, geometric mean of 1 shapes, 1 thread |  | OpenBLAS, interleaved | 0.85x |"), markdown);
        assertTrue(markdown.contains("GemmInterleavedBenchmark"), markdown);
    }

    @Test
    void withoutTheInterleavedRunTheRatioIsThatOfSeparateForks() {
        String openBlas = SIMDNN.replace("\"simdnn\"", "\"openblas\"").replace("[[80, 90, 85], [70, 72, 71]]", "[[100, 100, 100], [100, 100, 100]]");
        GemmReport.Row row = report(SIMDNN, openBlas).gemm().rows().getFirst();
        assertTrue(row.interleavedRatio().isEmpty());
        assertEquals(0.78, row.ratioToOpenBlas().orElseThrow(), 1e-9); // 78 over 100
        String markdown = MarkdownReport.report(report(SIMDNN, openBlas));
        assertTrue(markdown.contains("| GEMM, geometric mean of 1 shapes, 1 thread |  | OpenBLAS | 0.78x |"), markdown);
    }
}
