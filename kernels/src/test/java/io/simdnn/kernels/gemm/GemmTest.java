package io.simdnn.kernels.gemm;

import static io.simdnn.kernels.gemm.GemmTestSupport.assertMatchesReference;
import static io.simdnn.kernels.gemm.GemmTestSupport.extent;
import static io.simdnn.kernels.gemm.GemmTestSupport.randomData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.reference.ReferenceGemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fixed GEMM cases the random property rarely reaches: wide panels (N > NC), confined arenas, hand-checked values. */
class GemmTest {

    @Test
    void smallProductByHand() {
        // [1 2 3]   [ 7  8]   [ 58  64]
        // [4 5 6] x [ 9 10] = [139 154]
        //           [11 12]
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = {1, 1, 1, 1};
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 2, 2, 3, 2f, a, 0, 3, b, 0, 2, -1f, c, 0, 2);
        assertArrayEquals(new float[] {115, 127, 277, 307}, c);
        // the same through A^T and B^T stored explicitly
        float[] at = {1, 4, 2, 5, 3, 6};
        float[] bt = {7, 9, 11, 8, 10, 12};
        float[] c2 = new float[4];
        Gemm.sgemm(Transpose.TRANSPOSE, Transpose.TRANSPOSE, 2, 2, 3, 1f, at, 0, 2, bt, 0, 3, 0f, c2, 0, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c2);
    }

    /**
     * The narrow path's dot form reads K in blocks of 16: a block past K must add nothing, not
     * 0 x infinity (the broadcast form, last case, reads exactly K).
     * Here the last row of B is infinite (its packed copy pads the last block in the transposing
     * pack) and each next row of A starts with an infinity (what a read past a row's K would
     * meet), so every element of C is +infinity and a NaN shows the padding was multiplied.
     */
    @ParameterizedTest
    @CsvSource({"4, 10, 200, N, true", "4, 10, 200, T, true", "7, 3, 70, N, true", "5, 16, 33, T, false"})
    void narrowProductsIgnoreWhatLiesPastK(int m, int n, int k, char tb, boolean dotProducts) {
        Transpose transB = tb == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        if (FloatVector.SPECIES_PREFERRED.length() == 16) {
            assertEquals(dotProducts, GemmNarrow.usesDotProducts(n, k), "the form this case is for");
        } else { // the cases are chosen for 512-bit vectors; on others a case may take the other form
            assumeTrue(dotProducts == GemmNarrow.usesDotProducts(n, k), "another form on this vector width");
        }
        float[] a = new float[m * k + 16];
        Arrays.fill(a, 1f);
        for (int i = 0; i <= m; i++) {
            a[i * k] = Float.POSITIVE_INFINITY;
        }
        float[] b = new float[k * n];
        Arrays.fill(b, 0.5f);
        for (int j = 0; j < n; j++) {
            b[transB.isTransposed() ? j * k + k - 1 : (k - 1) * n + j] = Float.POSITIVE_INFINITY;
        }
        float[] c = new float[m * n];
        Gemm.sgemm(Transpose.NO_TRANSPOSE, transB, m, n, k, 1f, a, 0, k, b, 0, transB.isTransposed() ? k : n, 0f, c, 0, n);
        float[] expected = new float[m * n];
        Arrays.fill(expected, Float.POSITIVE_INFINITY);
        assertArrayEquals(expected, c);
    }

    /** N beyond NC (4096) exercises the outer jc loop; the larger ones also go parallel, split by columns. */
    @ParameterizedTest
    @CsvSource({
            "7, 4200, 5, N, N", "7, 4200, 5, T, T",
            "13, 8300, 40, N, T", "13, 8300, 40, T, N",
    })
    void widerThanOneBPanel(int m, int n, int k, char ta, char tb) {
        Transpose transA = ta == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        Transpose transB = tb == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE;
        runAgainstReference(transA, transB, m, n, k, 0.75f, 0f, new SplittableRandom(m * 31L + n), null);
    }

    /**
     * Off-heap buffers from a confined arena, big enough (2*138^3 flops > PARALLEL_MIN_FLOPS) to
     * be split across threads. A confined segment may only be accessed by its owner thread.
     */
    @Test
    void confinedArenaSegmentsOnParallelSizedProblem() {
        try (Arena arena = Arena.ofConfined()) {
            runAgainstReference(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 138, 138, 138, 1f, 0f,
                    new SplittableRandom(138), arena);
        }
    }

    /** A, B and C as disjoint parts of one float[]: allowed (no overlap), and computed correctly. */
    @Test
    void operandsInDisjointPartsOfOneArray() {
        int m = 9, n = 21, k = 13;
        SplittableRandom random = new SplittableRandom(5);
        float[] buffer = randomData(random, m * k + k * n + m * n);
        float[] a = Arrays.copyOfRange(buffer, 0, m * k);
        float[] b = Arrays.copyOfRange(buffer, m * k, m * k + k * n);
        float[] before = Arrays.copyOfRange(buffer, m * k + k * n, buffer.length);
        float[] expected = before.clone();
        ReferenceGemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k, 1f, a, 0, k, b, 0, n, 0.5f, expected, 0, n);
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k, 1f, buffer, 0, k, buffer, m * k, n,
                0.5f, buffer, m * k + k * n, n);
        float[] actual = Arrays.copyOfRange(buffer, m * k + k * n, buffer.length);
        assertMatchesReference("one array", Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k, 1f,
                a, 0, k, b, 0, n, 0.5f, before, expected, actual, 0, n);
    }

    /** Runs Gemm on (optionally off-heap) copies with ld = width + 3 and offset 2, and checks the whole C buffer. */
    static void runAgainstReference(Transpose transA, Transpose transB, int m, int n, int k, float alpha, float beta,
                                    SplittableRandom random, Arena arena) {
        int aRows = transA.isTransposed() ? k : m, aCols = transA.isTransposed() ? m : k;
        int bRows = transB.isTransposed() ? n : k, bCols = transB.isTransposed() ? k : n;
        int lda = aCols + 3, ldb = bCols + 3, ldc = n + 3, offset = 2;
        float[] a = randomData(random, extent(offset, aRows, aCols, lda) + 5);
        float[] b = randomData(random, extent(offset, bRows, bCols, ldb) + 5);
        float[] before = randomData(random, extent(offset, m, n, ldc) + 5);
        if (beta == 0f) {
            Arrays.fill(before, Float.NaN);
        }
        float[] expected = before.clone();
        ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, expected, offset, ldc);
        float[] actual = before.clone();
        if (arena == null) {
            Gemm.sgemm(transA, transB, m, n, k, alpha, a.clone(), offset, lda, b.clone(), offset, ldb, beta, actual, offset, ldc);
        } else {
            MemorySegment as = Buffers.copyOf(arena, a), bs = Buffers.copyOf(arena, b), cs = Buffers.copyOf(arena, actual);
            Gemm.sgemm(transA, transB, m, n, k, alpha, as, offset, lda, bs, offset, ldb, beta, cs, offset, ldc);
            actual = Buffers.toArray(cs);
        }
        assertMatchesReference(transA.letter() + "" + transB.letter() + " " + m + "x" + n + "x" + k,
                transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, before, expected, actual, offset, ldc);
    }
}
