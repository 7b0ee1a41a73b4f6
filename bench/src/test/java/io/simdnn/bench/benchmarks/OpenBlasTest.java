package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.reference.ReferenceGemm;
import org.junit.jupiter.api.Test;

/** The FFM binding passes every argument where cblas_sgemm expects it: compared with the reference GEMM. */
class OpenBlasTest {
    private static OpenBlas blas() {
        assumeTrue(OpenBlas.load().isPresent(), () -> "skipped: " + OpenBlas.ABSENT_MESSAGE);
        return OpenBlas.load().orElseThrow();
    }

    @Test
    void matchesTheReferenceForAllTransposes() {
        OpenBlas blas = blas();
        SplittableRandom random = new SplittableRandom(7);
        try (Arena arena = Arena.ofConfined()) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    GemmShape shape = new GemmShape(1 + random.nextInt(20), 1 + random.nextInt(20), 1 + random.nextInt(20), ta, tb);
                    MemorySegment a = BenchData.uniform(arena, (long) shape.m() * shape.k(), random);
                    MemorySegment b = BenchData.uniform(arena, (long) shape.k() * shape.n(), random);
                    MemorySegment c = BenchData.uniform(arena, (long) shape.m() * shape.n(), random);
                    MemorySegment expected = Buffers.copyOf(arena, Buffers.toArray(c));

                    blas.sgemm(ta, tb, shape.m(), shape.n(), shape.k(), 1.5f, a, shape.lda(), b, shape.ldb(), 0.5f, c, shape.n());
                    ReferenceGemm.sgemm(ta, tb, shape.m(), shape.n(), shape.k(), 1.5f, a, 0, shape.lda(), b, 0, shape.ldb(),
                            0.5f, expected, 0, shape.n());

                    float[] got = Buffers.toArray(c);
                    float[] want = Buffers.toArray(expected);
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(want[i], got[i], 1e-4f * shape.k(), shape + " element " + i);
                    }
                }
            }
        }
    }

    @Test
    void reportsItsVersion() {
        assertTrue(blas().config().startsWith("OpenBLAS"), blas().config());
    }
}
