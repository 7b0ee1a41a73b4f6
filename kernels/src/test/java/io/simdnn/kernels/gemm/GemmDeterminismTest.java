package io.simdnn.kernels.gemm;

import static io.simdnn.kernels.gemm.GemmTestSupport.randomData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.Transpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Results are bit-identical for any thread count (docs/architecture.md). Every shape here is above
 * Tuning.GEMM_PARALLEL_MIN_FLOPS, so with 2 or 3 threads it really is split (by columns or by
 * rows, whichever repeats less packing: {@link GemmDriver#splitsColumns}), and is compared bit for
 * bit with the single-threaded result.
 */
class GemmDeterminismTest {
    private int savedParallelism;

    @BeforeEach
    void save() {
        savedParallelism = KernelThreads.parallelism();
    }

    @AfterEach
    void restore() {
        KernelThreads.setParallelism(savedParallelism);
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({
            "200, 300, 150",   // column split, several MC blocks
            "37, 1000, 64",    // wide: column split into NR tiles, partial MR tiles
            "1000, 20, 200",   // tall and thin: row split, N below one NR tile
            "1000, 20, 50",    // tall and thin, 2 Mflop: below the parallel threshold (single task either way)
            "512, 512, 512",   // several KC blocks
            "256, 256, 256",   // square: row split, each part thin enough to read B in place
            "128, 512, 784",   // thin A, B read in place: several thin-KC blocks, column split
            "300, 64, 1100",   // split by rows into parts thin enough to pack once (thinRows 168, 1 MiB L2)
            "600, 64, 1100",   // the same with thinRows 336 (2 MiB L2): K blocks follow the whole A
            "800, 1100, 600",  // row split whose B panels, larger than an L2, are packed once in shares
    })
    void sameBitsForOneTwoAndThreeThreads(int m, int n, int k) {
        long flops = 2L * m * n * k;
        assertTrue(flops > 0);
        for (Transpose transA : Transpose.values()) {
            for (Transpose transB : Transpose.values()) {
                SplittableRandom random = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
                int lda = transA.isTransposed() ? m + 1 : k + 1;
                int ldb = transB.isTransposed() ? k : n + 2;
                float[] a = randomData(random, (transA.isTransposed() ? k : m) * lda);
                float[] b = randomData(random, (transB.isTransposed() ? n : k) * ldb);
                float[] c0 = randomData(random, m * n);
                float[] single = run(1, transA, transB, m, n, k, a, lda, b, ldb, c0);
                for (int threads = 2; threads <= 3; threads++) {
                    float[] parallel = run(threads, transA, transB, m, n, k, a, lda, b, ldb, c0);
                    for (int index = 0; index < single.length; index++) {
                        if (Float.floatToRawIntBits(single[index]) != Float.floatToRawIntBits(parallel[index])) {
                            assertEquals(single[index], parallel[index], String.format(
                                    "%s%s %dx%dx%d, %d threads: C[%d][%d] differs from 1 thread",
                                    transA.letter(), transB.letter(), m, n, k, threads, index / n, index % n));
                        }
                    }
                }
            }
        }
    }

    /**
     * Heap operands take other paths than native ones (a heap B is packed rather than read in
     * place, a heap C goes through the scratch tile: the micro-kernels only touch native segments)
     * and must give the same bits. alpha = 1 and beta = 0, so native C tiles are stored directly.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({
            "128, 512, 784",   // thin A, B read in place when native
            "64, 100, 300",    // thin A, N edge tiles
            "300, 200, 150",   // blocked, packed B either way
    })
    void sameBitsForHeapAndTypedSegments(int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = randomData(random, m * k);
        float[] b = randomData(random, k * n);
        float[] heapC = new float[m * n];
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k, 1f, a, 0, k, b, 0, n, 0f, heapC, 0, n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeC = Buffers.allocate(arena, (long) m * n);
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k, 1f, Buffers.copyOf(arena, a), 0, k,
                    Buffers.copyOf(arena, b), 0, n, 0f, nativeC, 0, n);
            float[] fromNative = Buffers.toArray(nativeC);
            for (int index = 0; index < heapC.length; index++) {
                if (Float.floatToRawIntBits(heapC[index]) != Float.floatToRawIntBits(fromNative[index])) {
                    assertEquals(fromNative[index], heapC[index], String.format(
                            "%dx%dx%d: C[%d][%d] from heap segments differs from native ones", m, n, k, index / n, index % n));
                }
            }
        }
    }

    private static float[] run(int threads, Transpose transA, Transpose transB, int m, int n, int k,
                               float[] a, int lda, float[] b, int ldb, float[] c0) {
        KernelThreads.setParallelism(threads);
        float[] c = c0.clone();
        Gemm.sgemm(transA, transB, m, n, k, 1.25f, a, 0, lda, b, 0, ldb, -0.5f, c, 0, n);
        return c;
    }
}
