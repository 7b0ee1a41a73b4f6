package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import io.simdnn.bench.benchmarks.StepOverKernelsBenchmark;
import org.junit.jupiter.api.Test;

/**
 * The step-over-kernels ratio from {@link StepOverKernelsBenchmark}'s auxiliary counters, on a
 * JMH JSON entry shaped like the real one (2 forks of 3 iterations; the counters are nanoseconds
 * per iteration, the GC profiler's B/op is a secondary metric too but not a counter).
 */
class StepOverKernelsReportTest {
    private static final String JSON = """
            [{"benchmark": "io.simdnn.bench.benchmarks.StepOverKernelsBenchmark.interleaved", "forks": 2,
              "warmupIterations": 6, "warmupTime": "2000 ms", "measurementIterations": 3, "measurementTime": "600 ms",
              "params": {"model": "mlp", "threads": "2"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[50, 51, 49], [40, 41, 39]]},
              "secondaryMetrics": {
                "gc.alloc.rate.norm": {"scoreUnit": "B/op", "rawData": [[30, 31, 32], [30, 30, 30]]},
                "kernelsNanos": {"scoreUnit": "#", "rawData": [[2.0e8, 2.2e8, 2.1e8], [2.6e8, 2.8e8, 2.7e8]]},
                "stepNanos": {"scoreUnit": "#", "rawData": [[2.4e8, 2.6e8, 2.5e8], [3.0e8, 3.2e8, 3.1e8]]}}},
             {"benchmark": "io.simdnn.bench.benchmarks.TrainingStepBenchmark.step", "forks": 2,
              "warmupIterations": 6, "warmupTime": "2000 ms", "measurementIterations": 3, "measurementTime": "600 ms",
              "params": {"model": "mlp", "threads": "2"},
              "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[400, 410, 390], [380, 370, 390]]}}]""";

    @Test
    void countersAreReadPerForkAndProfilerMetricsAreNot() {
        BenchmarkRun run = JmhResults.parse(JSON).find("StepOverKernelsBenchmark.interleaved", r -> true).orElseThrow();
        assertEquals(Map.of("kernelsNanos", ForkScores.of(2.1e8, 2.7e8), "stepNanos", ForkScores.of(2.5e8, 3.1e8)), run.counters());
        assertEquals(List.of(31.0, 30.0), run.bytesPerOp().orElseThrow().scores());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> run.counter("gc.alloc.rate.norm"));
        assertTrue(missing.getMessage().contains("has no counter 'gc.alloc.rate.norm'"), missing.getMessage());
    }

    @Test
    void theTrainingRowTakesTheRatioForkByFork() {
        SuiteReport.TrainingRow row = SuiteReport.of(JmhResults.parse(JSON), MachineInfo.detect())
                .training().getFirst();
        // fork 1: 2.5e8 / 2.1e8; fork 2: 3.1e8 / 2.7e8 (the slower fork is slower on both sides)
        assertEquals(List.of(2.5 / 2.1, 3.1 / 2.7), row.stepOverKernels().orElseThrow().scores());
        assertEquals((400 + 380) / 2.0 * 128, row.samplesPerSecond().median(), 1e-9); // median of the fork medians
    }
}
