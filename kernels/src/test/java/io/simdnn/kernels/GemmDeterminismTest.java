package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every element is reduced by one thread in a fixed order: 1 and 2 threads agree bit for bit. */
class GemmDeterminismTest {
    private final int originalParallelism = KernelThreads.parallelism();

    @AfterEach
    void restoreParallelism() {
        KernelThreads.setParallelism(originalParallelism);
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"200, 300, 150", "37, 1000, 64", "1000, 20, 50", "512, 512, 512", "130, 10, 700", "16, 5000, 25"})
    void oneAndTwoThreadsGiveIdenticalBits(int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m + 7L * n + 13L * k);
        float[] a = randomArray(m * k, random);
        float[] b = randomArray(k * n, random);
        float[] c0 = randomArray(m * n, random);
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                int lda = ta.isTransposed() ? m : k;
                int ldb = tb.isTransposed() ? k : n;
                KernelThreads.setParallelism(1);
                float[] single = c0.clone();
                Gemm.sgemm(ta, tb, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.3f, single, 0, n);
                KernelThreads.setParallelism(2);
                float[] dual = c0.clone();
                Gemm.sgemm(ta, tb, m, n, k, 0.7f, a, 0, lda, b, 0, ldb, 0.3f, dual, 0, n);
                assertArrayEquals(single, dual, "1 vs 2 threads differ for " + ta.letter() + tb.letter());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void confinedSegmentsAreComputedOnTheCallingThread() {
        KernelThreads.setParallelism(2);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            int size = 256;
            SplittableRandom random = new SplittableRandom(5);
            java.lang.foreign.MemorySegment a = Buffers.copyOf(arena, randomArray(size * size, random));
            java.lang.foreign.MemorySegment c = Buffers.allocate(arena, (long) size * size);
            assertFalse(KernelThreads.workersCanAccess(a));
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, size, size, size, 1f, a, 0, size, a, 0, size, 0f, c, 0, size);
            float[] heapA = Buffers.toArray(a);
            float[] expected = new float[size * size];
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, size, size, size, 1f, heapA, 0, size, heapA, 0, size, 0f, expected, 0, size);
            assertArrayEquals(expected, Buffers.toArray(c));
        }
    }

    private static float[] randomArray(int count, SplittableRandom random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
