package io.simdnn.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.simdnn.bench.benchmarks.GemmBenchmark;
import io.simdnn.bench.benchmarks.GemmShape;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
    void rejectsBadArgumentsNamingThem() {
        Map<List<String>, String> bad = new LinkedHashMap<>();
        bad.put(List.of("--threads", "0"), "--threads needs integers >= 1, got '0'");
        bad.put(List.of("--threads"), "Missing required parameter for option '--threads'");
        bad.put(List.of("--forks", "x"), "--forks needs integers >= 1, got 'x'");
        bad.put(List.of("--forks", "--quick"), "Expected parameter for option '--forks' but found '--quick'");
        bad.put(List.of("--shapes", "1x2"), "--shapes: GEMM shape must look like");
        bad.put(List.of("--fast"), "Unknown option: '--fast'");
        bad.put(List.of("gemm", "gpu"), "unknown benchmark group 'gpu' (gemm, kernels, conv, train, scaling)");
        bad.put(List.of("report", "bench-results/x"), "'report' is a command of its own");
        bad.forEach((args, message) -> {
            String actual = assertThrows(CommandLine.ParameterException.class, () -> BenchOptions.parse(args), args.toString()).getMessage();
            assertTrue(actual.contains(message), args + ": " + actual);
        });
    }

    @Test
    void optionsTakeTheirValueAttachedToo() {
        BenchOptions o = BenchOptions.parse(List.of("--forks=4", "--threads=3", "--out=/tmp/y", "kernels"));
        assertEquals(4, o.settings().forks());
        assertEquals(List.of(3), o.threads());
        assertEquals(Path.of("/tmp/y"), o.outputRoot());
        assertEquals(List.of(BenchGroup.KERNELS), o.groups());
    }
}
