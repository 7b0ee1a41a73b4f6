package io.simdnn.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import io.simdnn.bench.benchmarks.GemmBenchmark;
import io.simdnn.bench.benchmarks.GemmShape;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void noArgumentsIsTheWholeSuiteWithFullSettings() {
        BenchOptions o = BenchOptions.parse(List.of());
        assertEquals(List.of(BenchGroup.values()), o.groups());
        assertEquals(RunSettings.FULL, o.settings());
        assertFalse(o.quick());
        assertEquals(List.of(1, 2), o.threads());
        assertEquals(GemmBenchmark.SHAPES.length, o.shapes().size());
        assertEquals(Path.of("bench-results"), o.outputRoot());
    }

    @Test
    void groupsKeepSuiteOrderAndOptionsMayComeFirst() {
        BenchOptions o = BenchOptions.parse(List.of("--quick", "train", "gemm", "train"));
        assertEquals(List.of(BenchGroup.GEMM, BenchGroup.TRAIN), o.groups());
        assertTrue(o.quick());
        assertEquals(RunSettings.QUICK, o.settings());
    }

    @Test
    void forksOverrideQuickInEitherOrder() {
        assertEquals(2, BenchOptions.parse(List.of("--forks", "2", "--quick")).settings().forks());
        assertEquals(RunSettings.QUICK.warmupMillis(), BenchOptions.parse(List.of("--quick", "--forks", "2")).settings().warmupMillis());
        assertEquals(5, BenchOptions.parse(List.of("--forks", "5")).settings().forks());
    }

    @Test
    void threadsShapesAndOutput() {
        BenchOptions o = BenchOptions.parse(List.of("gemm", "--threads", "2,1,2", "--shapes", "256x256x256,784x512x128:tn", "--out", "/tmp/x"));
        assertEquals(List.of(2, 1), o.threads());
        assertEquals(List.of(GemmShape.parse("256x256x256:NN"), GemmShape.parse("784x512x128:TN")), o.shapes());
        assertEquals(Path.of("/tmp/x"), o.outputRoot());
    }

    @Test
    void rejectsBadArguments() {
        for (List<String> bad : List.of(List.of("--threads", "0"), List.of("--threads"), List.of("--forks", "x"),
                List.of("--forks", "--quick"), List.of("--shapes", "1x2"), List.of("--fast"), List.of("gpu"))) {
            assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(bad), bad.toString());
        }
    }
}
