package io.simdnn.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.simdnn.bench.benchmarks.GemmBenchmark;
import io.simdnn.bench.benchmarks.GemmInterleavedBenchmark;
import io.simdnn.bench.benchmarks.PeakBenchmark;
import org.junit.jupiter.api.Test;

class SuitePlanTest {
    private static final BenchOptions ALL = BenchOptions.parse(List.of());

    @Test
    void fullSuiteCountsEveryConfiguration() {
        SuitePlan plan = SuitePlan.of(ALL, true);
        // GEMM: 11 shapes x (2 threads x 2 implementations + the two alternating on 1 thread) + the peak
        assertEquals(56, plan.configurations(BenchGroup.GEMM));
        // two JMH invocations per shape, back to back, so each shape's simdnn and OpenBLAS forks run close together
        assertEquals(22, plan.parts().stream().filter(p -> p.group() == BenchGroup.GEMM).count());
        assertEquals(5, plan.parts().get(0).configurations(), "the first shape's 4 and the peak");
        // kernels: 16 streaming kernels + 8 copy sizes + the 16 kernels interleaved with their copies
        assertEquals(40, plan.configurations(BenchGroup.KERNELS));
        // conv: 3 methods (the pair and the pair interleaved) x 2 layers x 2 threads; train: (step, kernels only) x 2 models x 2 threads
        assertEquals(12, plan.configurations(BenchGroup.CONV));
        assertEquals(8, plan.configurations(BenchGroup.TRAIN));
        // scaling: 4 workloads, each alternating 1 and 2 threads in one configuration
        assertEquals(4, plan.configurations(BenchGroup.SCALING));
        assertEquals(120, plan.configurations());
    }

    @Test
    void eachShapeRunsBothLibrariesInForksOfTheirOwnThenAlternatingOnOneThread() {
        SuitePlan plan = SuitePlan.of(ALL, true);
        List<SuitePlan.Step> firstShape = plan.parts().subList(0, 2).stream().flatMap(part -> part.steps().stream())
                .filter(step -> step.benchmark() != PeakBenchmark.class).toList();
        assertEquals(List.of(
                        new SuitePlan.Step(GemmBenchmark.class, "sgemm", Map.of("shape", List.of("256x256x256:NN"),
                                "threads", List.of("1", "2"), "impl", List.of("simdnn", "openblas"))),
                        new SuitePlan.Step(GemmInterleavedBenchmark.class, "interleaved", Map.of("shape", List.of("256x256x256:NN"),
                                "threads", List.of("1")))),
                firstShape);
        plan.parts().forEach(plan::jmhOptions); // each part's steps agree on their parameters
    }

    @Test
    void withoutOpenBlasOnlySimdnnGemmRuns() {
        SuitePlan plan = SuitePlan.of(ALL, false);
        assertEquals(23, plan.configurations(BenchGroup.GEMM));
        assertEquals(87, plan.configurations());
    }

    @Test
    void peakRunsOnceWithTheFirstGroupThatNeedsIt() {
        SuitePlan conv = SuitePlan.of(BenchOptions.parse(List.of("conv", "train")), true);
        assertTrue(conv.parts().get(0).steps().stream().anyMatch(s -> s.benchmark() == PeakBenchmark.class));
        // run alone, the scaling group brings it too: the report takes JMH's own allocation rate from it
        SuitePlan scaling = SuitePlan.of(BenchOptions.parse(List.of("scaling")), true);
        assertTrue(scaling.parts().get(0).steps().stream().anyMatch(s -> s.benchmark() == PeakBenchmark.class));
        SuitePlan both = SuitePlan.of(ALL, true);
        long peaks = both.parts().stream().flatMap(p -> p.steps().stream()).filter(s -> s.benchmark() == PeakBenchmark.class).count();
        assertEquals(1, peaks);
    }

    @Test
    void estimatesFitTheTimeBudget() {
        Duration full = SuitePlan.of(ALL, true).estimate();
        Duration quick = SuitePlan.of(BenchOptions.parse(List.of("--quick")), true).estimate();
        // the estimate runs about 10-15% over the measured time
        assertTrue(full.compareTo(Duration.ofMinutes(50)) <= 0 && full.compareTo(Duration.ofMinutes(15)) >= 0, full.toString());
        assertTrue(quick.compareTo(Duration.ofSeconds(450)) <= 0, quick.toString());
        // 40 configurations as set, the 56 GEMM ones (the peak runs with GEMM) and the 12
        // convolution ones with 5 warm-up iterations, the 8 training and 4 scaling ones with 6 x 0.7 s
        assertEquals(RunSettings.QUICK.perConfiguration().multipliedBy(40)
                .plus(RunSettings.QUICK.withWarmup(SuitePlan.GEMM_WARMUP_ITERATIONS, 250).perConfiguration().multipliedBy(56))
                .plus(RunSettings.QUICK.withWarmup(SuitePlan.CONVOLUTION_WARMUP_ITERATIONS, 250).perConfiguration().multipliedBy(12))
                .plus(RunSettings.QUICK.withWarmup(SuitePlan.TRAINING_WARMUP_ITERATIONS, 700).perConfiguration().multipliedBy(12)), quick);
    }

    @Test
    void jmhOptionsCarryTheGroupsParametersSettingsAndGcProfiler() {
        SuitePlan plan = SuitePlan.of(BenchOptions.parse(List.of("gemm", "--quick", "--threads", "2", "--shapes", "256x256x256")), false);
        var options = plan.jmhOptions(plan.parts().get(0));
        assertEquals(List.of("256x256x256:NN"), List.copyOf(options.getParameter("shape").get()));
        assertEquals(List.of("2"), List.copyOf(options.getParameter("threads").get()));
        assertEquals(List.of("simdnn"), List.copyOf(options.getParameter("impl").get()));
        assertEquals(1, options.getForkCount().get());
        assertTrue(options.getProfilers().stream().anyMatch(p -> p.getKlass().contains("GCProfiler")));
        assertTrue(options.getIncludes().contains("io\\.simdnn\\.bench\\.benchmarks\\.PeakBenchmark\\.(fma)$"));
    }
}
