package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Training steps measured in paired rounds: the plan runs each round as one fork of the
 * kernels-only benchmark followed by one fork of the step, the results file then holds one entry
 * per round, which the reader merges, and the report pairs the rounds' forks.
 */
class PairedRoundsTest {
    /** A JMH JSON entry of one fork with the given iteration scores and B/op. */
    private static String entry(String benchmark, String model, String warmup, double[] scores, double bytesPerOp) {
        StringBuilder raw = new StringBuilder();
        for (double score : scores) {
            raw.append(raw.isEmpty() ? "" : ", ").append(score);
        }
        return String.format(Locale.ROOT, """
                {"benchmark": "io.simdnn.bench.%s", "forks": 1, "warmupIterations": 6, "warmupTime": "%s",
                 "measurementIterations": %d, "measurementTime": "600 ms", "params": {"model": "%s", "threads": "2"},
                 "primaryMetric": {"scoreUnit": "ops/s", "rawData": [[%s]]},
                 "secondaryMetrics": {"gc.alloc.rate.norm": {"scoreUnit": "B/op", "rawData": [[%s, %s, %s]]}}}""",
                benchmark, warmup, scores.length, model, raw, bytesPerOp, bytesPerOp, bytesPerOp);
    }

    @Test
    void roundsOfOneConfigurationMergeInFileOrder() {
        String json = "[" + String.join(",",
                entry("TrainingStepBenchmark.step", "mlp", "2 s", new double[] {300, 310, 305}, 40),
                entry("TrainingStepBenchmark.step", "cnn", "2 s", new double[] {26, 27, 25}, 400),
                entry("TrainingStepBenchmark.step", "mlp", "2 s", new double[] {380, 390, 385}, 30)) + "]";
        JmhResults results = JmhResults.parse(json);
        assertEquals(2, results.runs().size());
        BenchmarkRun mlp = results.find("TrainingStepBenchmark.step", r -> r.param("model").equals("mlp")).orElseThrow();
        assertEquals(List.of(305.0, 385.0), mlp.score().scores());
        assertEquals(List.of(40.0, 30.0), mlp.bytesPerOp().orElseThrow().scores());
        assertEquals(List.of("2 forks, 6 x 2 s warm-up, 3 x 600 ms measurement", "1 fork, 6 x 2 s warm-up, 3 x 600 ms measurement"),
                results.settings());
    }

    @Test
    void roundsMeasuredDifferentlyAreNotMerged() {
        String json = "[" + String.join(",",
                entry("TrainingStepBenchmark.step", "mlp", "2 s", new double[] {300, 310, 305}, 40),
                entry("TrainingStepBenchmark.step", "mlp", "700 ms", new double[] {380, 390, 385}, 30)) + "]";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResults.parse(json));
        assertEquals("TrainingStepBenchmark.step {model=mlp, threads=2} appears twice, measured differently "
                + "(6 x 2 s warm-up, 3 x 600 ms measurement ops/s; 6 x 700 ms warm-up, 3 x 600 ms measurement ops/s)", e.getMessage());
    }

    @Test
    void stepOverKernelsPairsRoundIWithRoundI() {
        // kernels-only and step calls/s per round: the machine ran 25% slower in round 2
        ForkScores kernels = ForkScores.of(480, 360, 470);
        ForkScores step = ForkScores.of(400, 300, 370);
        ForkScores ratios = SuiteReport.pairedRatios(kernels, step);
        assertEquals(List.of(1.2, 1.2, 470.0 / 370), ratios.scores());
        assertEquals(1.2, ratios.median(), 1e-12);
        // unpaired, the medians would compare round 3's kernels with round 1's step: 470 / 370
        assertEquals(470.0 / 370, kernels.median() / step.median(), 1e-12);
    }

    @Test
    void scoresWithDifferentForkCountsCompareMedians() {
        ForkScores ratio = SuiteReport.pairedRatios(ForkScores.of(480, 360, 470), ForkScores.of(400, 300));
        assertEquals(List.of(470.0 / 350), ratio.scores());
    }

    @Test
    void eachTrainingRoundRunsKernelsThenStepForOneModelAndThreadCount() {
        SuitePlan plan = SuitePlan.of(BenchOptions.parse(List.of("train")), true);
        // 3 rounds x 2 models x 2 thread counts, each one JMH invocation of one fork per benchmark
        assertEquals(12, plan.parts().size());
        for (SuitePlan.Part part : plan.parts()) {
            assertEquals(List.of(StepKernelsBenchmark.class, TrainingStepBenchmark.class),
                    part.steps().stream().map(SuitePlan.Step::benchmark).toList());
            assertEquals(2, part.configurations());
            assertEquals(1, part.settings().forks());
            assertEquals(SuitePlan.TRAINING_WARMUP_ITERATIONS, part.settings().warmupIterations());
        }
        assertEquals(List.of("mlp"), List.copyOf(plan.jmhOptions(plan.parts().get(0)).getParameter("model").get()));
        assertEquals(List.of("1"), List.copyOf(plan.jmhOptions(plan.parts().get(0)).getParameter("threads").get()));
        assertEquals(List.of("cnn"), List.copyOf(plan.jmhOptions(plan.parts().get(11)).getParameter("model").get()));
        assertEquals(List.of("2"), List.copyOf(plan.jmhOptions(plan.parts().get(11)).getParameter("threads").get()));
    }

    @Test
    void theModelListMatchesBothBenchmarksParameters() throws NoSuchFieldException {
        for (Class<?> benchmark : List.of(TrainingStepBenchmark.class, StepKernelsBenchmark.class)) {
            assertEquals(TrainingStepBenchmark.MODELS,
                    List.of(benchmark.getField("model").getAnnotation(org.openjdk.jmh.annotations.Param.class).value()));
        }
    }
}
