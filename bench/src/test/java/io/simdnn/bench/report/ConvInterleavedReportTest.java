package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import io.simdnn.bench.benchmarks.ConvBenchmark;
import org.junit.jupiter.api.Test;

/**
 * The convolution's ratio to its equivalent GEMM from {@link ConvBenchmark#interleaved}'s
 * auxiliary counters, next to the separate benchmarks' rates, on JMH JSON entries shaped like the
 * real ones (2 forks of 3 iterations). The separate runs here disagree with the interleaved one on
 * purpose, as they did on the drifting machine.
 */
class ConvInterleavedReportTest {
    private static final String PARAMS = """
            "params": {"layer": "64x16x14x14-32", "threads": "2"},""";
    private static final String SETTINGS = """
            "forks": 2, "warmupIterations": 5, "warmupTime": "1 s", "measurementIterations": 3, "measurementTime": "1 s",""";
    private static final String JSON = "[{\"benchmark\": \"io.simdnn.bench.benchmarks.ConvBenchmark.interleaved\", " + SETTINGS + PARAMS + """
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[20, 21, 19], [15, 16, 14]]},
              "secondaryMetrics": {
                "calls": {"scoreUnit": "#", "rawData": [[10, 11, 10], [12, 12, 13]]},
                "convNanos": {"scoreUnit": "#", "rawData": [[5.0e8, 5.2e8, 5.1e8], [6.0e8, 6.4e8, 6.2e8]]},
                "gemmNanos": {"scoreUnit": "#", "rawData": [[4.4e8, 4.6e8, 4.5e8], [5.8e8, 6.0e8, 5.9e8]]},
                "peakNanos": {"scoreUnit": "#", "rawData": [[2.0e8, 2.2e8, 2.1e8], [3.0e8, 3.2e8, 3.1e8]]},
                "peakFlops": {"scoreUnit": "#", "rawData": [[4.2e9, 4.3e9, 4.1e9], [4.8e9, 4.9e9, 4.7e9]]}}},
             {"benchmark": "io.simdnn.bench.benchmarks.ConvBenchmark.forwardBackward", """ + SETTINGS + PARAMS + """
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[40, 41, 39], [42, 43, 41]]}},
             {"benchmark": "io.simdnn.bench.benchmarks.ConvBenchmark.equivalentGemm", """ + SETTINGS + PARAMS + """
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[200, 201, 199], [190, 191, 189]]}}]""";
    /** GFLOP of one forward pass of the layer: 2 x 32 filters x 12544 columns x 400 patch values. */
    private static final double FORWARD_GFLOP = 2.0 * 32 * 64 * 14 * 14 * 16 * 25 / 1e9;

    @Test
    void theRatioAndBothRatesComeFromTheSameForks() {
        KernelRoofline.ConvRow row = KernelRoofline.convolution(JmhResults.parse(JSON)).getFirst();
        KernelRoofline.Interleaved both = row.interleaved().orElseThrow();
        // fork 1: 4.5e8 ns of GEMMs over 5.1e8 ns of convolutions; fork 2: 5.9e8 / 6.2e8
        assertEquals(List.of(4.5e8 / 5.1e8, 5.9e8 / 6.2e8), both.ratio().scores());
        assertEquals((4.5e8 / 5.1e8 + 5.9e8 / 6.2e8) / 2, row.ratioToGemm().orElseThrow(), 1e-12);
        // fork 1: 10 calls (median) of 3 forward passes' flops in 5.1e8 ns; the GEMM side did 3 GEMMs per call
        assertEquals(10 * 3 * FORWARD_GFLOP / 0.51, both.convolution().scores().getFirst(), 1e-9);
        assertEquals(12 * 3 * FORWARD_GFLOP / 0.59, both.gemm().scores().get(1), 1e-9);
        // the peak side: fork 1 4.2e9 flops in 2.1e8 ns = 20 GFLOP/s per core, and the convolution on 2 threads
        // against twice that; fork 2 4.8e9 / 3.1e8
        assertEquals(List.of(20.0, 4.8e9 / 3.1e8), both.peak().orElseThrow().scores());
        assertEquals(10 * 3 * FORWARD_GFLOP / 0.51 / 40.0, both.fractionOfPeak().orElseThrow().scores().getFirst(), 1e-12);
        // the separate runs: 3 forward flops per forward + backward, medians of the fork medians
        assertEquals(3 * 41.0 / 195, row.separateRatio().orElseThrow(), 1e-12);

        SuiteReport suite = SuiteReport.of(JmhResults.parse(JSON), MachineInfo.detect());
        String report = MarkdownReport.report(suite);
        assertTrue(report.contains("| 64x16x14x14-32 | 2 | 18.8 (18.6-18.9) | 20.5 (19.6-21.4) | 0.92 (0.88-0.95) | 17.7 (15.5-20.0) "
                + "| 0.54 (0.47-0.60) | 39.5 (38.5-40.5) | 62.6 (61.0-64.2) | 0.63 |"), report);
        String headline = MarkdownReport.headlineTable(suite);
        assertTrue(headline.contains("| conv fwd+bwd 64x16x14x14-32, 2 threads | 18.8 GFLOP/s | equivalent GEMM 20.5 GFLOP/s, interleaved "
                + "| 0.92 | ratio 0.88-0.95 (forks) |"), headline);
        assertTrue(headline.contains("| conv fwd+bwd 64x16x14x14-32, 2 threads |  | FMA peak 17.7 GFLOP/s per core x 2, interleaved "
                + "| 54% | 47%-60% (forks) |"), headline);
    }
}
