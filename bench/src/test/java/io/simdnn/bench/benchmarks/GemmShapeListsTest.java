package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** JMH takes a parameter's values from an annotation, so each GEMM benchmark repeats the list: they must agree. */
class GemmShapeListsTest {
    private static List<String> shapes(Class<?> benchmark) throws NoSuchFieldException {
        return List.of(benchmark.getField("shape").getAnnotation(Param.class).value());
    }

    @Test
    void bothGemmBenchmarksRunTheListedShapes() throws NoSuchFieldException {
        assertEquals(List.of(GemmBenchmark.SHAPES), shapes(GemmBenchmark.class));
        assertEquals(List.of(GemmBenchmark.SHAPES), shapes(GemmInterleavedBenchmark.class));
    }
}
