package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import io.simdnn.bench.benchmarks.ThreadScalingBenchmark;
import org.junit.jupiter.api.Test;

/**
 * The 2-thread speed-up from {@link ThreadScalingBenchmark}'s auxiliary counters, fork by fork,
 * on a JMH JSON entry shaped like the real one (2 forks of 3 iterations).
 */
class ThreadScalingReportTest {
    private static final String JSON = """
            [{"benchmark": "io.simdnn.bench.benchmarks.ThreadScalingBenchmark.interleaved", "forks": 2,
              "warmupIterations": 6, "warmupTime": "2000 ms", "measurementIterations": 3, "measurementTime": "1000 ms",
              "params": {"workload": "cnn"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[20, 21, 19], [15, 16, 14]]},
              "secondaryMetrics": {
                "gc.alloc.rate.norm": {"scoreUnit": "B/op", "rawData": [[3, 3, 3], [3, 3, 3]]},
                "oneThreadNanos": {"scoreUnit": "#", "rawData": [[5.0e8, 5.2e8, 5.4e8], [6.0e8, 6.3e8, 6.6e8]]},
                "twoThreadNanos": {"scoreUnit": "#", "rawData": [[3.0e8, 3.1e8, 3.2e8], [4.0e8, 4.2e8, 4.4e8]]}}}]""";

    @Test
    void theSpeedUpIsOneThreadTimeOverTwoThreadTimePerFork() {
        SuiteReport report = SuiteReport.of(JmhResults.parse(JSON), MachineInfo.detect());
        SuiteReport.ScalingRow row = report.scaling().getFirst();
        assertEquals("cnn", row.workload());
        assertEquals("CNN training step, batch 64", row.description());
        // fork medians: 5.2e8 / 3.1e8 and 6.3e8 / 4.2e8
        assertEquals(List.of(5.2 / 3.1, 6.3 / 4.2), row.speedUp().scores());
    }

    @Test
    void theReportShowsTheSpeedUpInTheHeadlineAndItsOwnSection() {
        String markdown = MarkdownReport.report(SuiteReport.of(JmhResults.parse(JSON), MachineInfo.detect()));
        assertTrue(markdown.contains("| CNN training step, batch 64, 2 threads |  | same work on 1 thread, alternating | 1.59x | 1.50-1.68 (forks) |"),
                markdown);
        assertTrue(markdown.contains("## 2-thread speed-up, 1 and 2 threads alternating"), markdown);
        // a run without round-trip readings (older JSON) shows none
        assertTrue(markdown.contains("| CNN training step, batch 64 | 1.59x (1.50x-1.68x) | - |"), markdown);
    }

    @Test
    void eachForkCarriesTheRoundTripReadBeforeItsIterations() {
        String withReadings = JSON.replace("\"twoThreadNanos\"", """
                "roundTripNanos": {"scoreUnit": "#", "rawData": [[80, 90, 85], [450, 470, 460]]},
                "twoThreadNanos\"""");
        SuiteReport.ScalingRow row = SuiteReport.of(JmhResults.parse(withReadings), MachineInfo.detect()).scaling().getFirst();
        assertEquals(List.of(85.0, 460.0), row.roundTripNanos().orElseThrow().scores());
        String markdown = MarkdownReport.report(SuiteReport.of(JmhResults.parse(withReadings), MachineInfo.detect()));
        assertTrue(markdown.contains("| CNN training step, batch 64 | 1.59x (1.50x-1.68x) | "), markdown);
        assertTrue(markdown.contains("(85-460) |"), markdown);

        // a fork without a reading (one CPU) leaves the column empty rather than dividing by zero
        String oneCpu = withReadings.replace("[450, 470, 460]", "[0, 0, 0]");
        assertTrue(SuiteReport.of(JmhResults.parse(oneCpu), MachineInfo.detect()).scaling().getFirst().roundTripNanos().isEmpty());
    }
}
