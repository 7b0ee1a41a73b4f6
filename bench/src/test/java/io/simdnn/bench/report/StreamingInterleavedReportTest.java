package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import io.simdnn.bench.benchmarks.StreamingInterleavedBenchmark;
import org.junit.jupiter.api.Test;

/**
 * The report of {@link StreamingInterleavedBenchmark}: it takes the ratio, rates and store
 * ceiling fork by fork from the auxiliary counters (JMH-shaped JSON, 2 forks of 3 iterations, with
 * a separate pair that disagrees on purpose).
 */
class StreamingInterleavedReportTest {
    private static final String SETTINGS = """
            "forks": 2, "warmupIterations": 3, "warmupTime": "1 s", "measurementIterations": 3, "measurementTime": "1 s",""";
    private static final String JSON = "[{\"benchmark\": \"io.simdnn.bench.benchmarks.StreamingInterleavedBenchmark.interleaved\", " + SETTINGS + """
              "params": {"kernel": "avgPoolBackward"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[2000, 2100, 1900], [1500, 1600, 1400]]},
              "secondaryMetrics": {
                "calls": {"scoreUnit": "#", "rawData": [[2000, 2100, 1900], [1500, 1600, 1400]]},
                "kernelNanos": {"scoreUnit": "#", "rawData": [[5.0e8, 5.2e8, 5.1e8], [6.0e8, 6.4e8, 6.2e8]]},
                "copyNanos": {"scoreUnit": "#", "rawData": [[3.0e8, 3.2e8, 3.1e8], [3.0e8, 3.2e8, 3.1e8]]},
                "storeNanos": {"scoreUnit": "#", "rawData": [[3.5e8, 3.6e8, 3.4e8], [4.0e8, 4.2e8, 4.1e8]]}}},
             {"benchmark": "io.simdnn.bench.benchmarks.StreamingInterleavedBenchmark.interleaved", """ + SETTINGS + """
              "params": {"kernel": "sumOfSquares"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[5000, 5000, 5000], [5000, 5000, 5000]]},
              "secondaryMetrics": {
                "calls": {"scoreUnit": "#", "rawData": [[5000, 5000, 5000], [5000, 5000, 5000]]},
                "kernelNanos": {"scoreUnit": "#", "rawData": [[4.0e8, 4.0e8, 4.0e8], [4.0e8, 4.0e8, 4.0e8]]},
                "copyNanos": {"scoreUnit": "#", "rawData": [[3.0e8, 3.0e8, 3.0e8], [3.0e8, 3.0e8, 3.0e8]]},
                "storeNanos": {"scoreUnit": "#", "rawData": [[1000, 1000, 1000], [1000, 1000, 1000]]}}},
             {"benchmark": "io.simdnn.bench.benchmarks.StreamingKernelBenchmark.avgPoolBackward", """ + SETTINGS + """
              "params": {"threads": "1"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[2500, 2500, 2500], [2500, 2500, 2500]]}},
             {"benchmark": "io.simdnn.bench.benchmarks.CopyBenchmark.copy", """ + SETTINGS + """
              "params": {"floats": "655360"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[5000, 5000, 5000], [5000, 5000, 5000]]}}]""";
    /** avgPoolBackward moves 1 MB + 4 MB; its copy moves 2 x 2.5 MB: the same bytes. */
    private static final double BYTES = 5.0 * (1 << 20);

    @Test
    void ratioRatesAndStoreCeilingComeFromTheSameForks() {
        List<KernelRoofline.InterleavedBandwidth> rows = KernelRoofline.bandwidthInterleaved(JmhResults.parse(JSON));
        // in the traffic table's order
        assertEquals(List.of("sumOfSquares", "avgPoolBackward"), rows.stream().map(KernelRoofline.InterleavedBandwidth::kernel).toList());
        KernelRoofline.InterleavedBandwidth pool = rows.get(1);
        // per fork, the median iteration of each counter: copy 3.1e8 ns over kernel 5.1e8, then 3.1e8 over 6.2e8
        assertEquals(List.of(3.1e8 / 5.1e8, 3.1e8 / 6.2e8), pool.ratio().scores());
        assertEquals(List.of(3.1e8 / 3.5e8, 3.1e8 / 4.1e8), pool.storeCeiling().orElseThrow().scores());
        // fork 1: 2000 calls of 5 MB in 0.51 s
        assertEquals(2000 * BYTES / 5.1e8, pool.kernelGbPerSecond().scores().getFirst(), 1e-9);
        assertEquals(1500 * BYTES / 3.1e8, pool.copyGbPerSecond().scores().get(1), 1e-9);
        // a reduction writes no fresh lines: no store ceiling
        assertEquals(Optional.empty(), rows.getFirst().storeCeiling());

        SuiteReport suite = SuiteReport.of(JmhResults.parse(JSON), MachineInfo.detect());
        String report = MarkdownReport.report(suite);
        // rates: median of 20.6 and 12.7 GB/s, of 33.8 and 25.4; separate: 2500 calls/s x 5 MB against 5000 copies/s x 5 MB
        assertTrue(report.contains("| avgPoolBackward | 16.6 (12.7-20.6) | 29.6 (25.4-33.8) | 0.55 (0.50-0.61) | 0.82 (0.76-0.89) | 0.50 |"), report);
        assertTrue(report.contains("| sumOfSquares | 52.4 (52.4-52.4) | 69.9 (69.9-69.9) | 0.75 (0.75-0.75) | - | n/a |"), report);
        String headline = MarkdownReport.headlineTable(suite);
        // sqrt(0.554 x 0.75)
        assertTrue(headline.contains("| bandwidth-bound kernels (2), geometric mean |  | copy of the same bytes, interleaved | 0.64 |"), headline);
        assertTrue(headline.contains("worst: avgPoolBackward 0.55 (kernels)"), headline);
    }
}
