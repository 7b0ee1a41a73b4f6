package io.simdnn.kernels.gemm;

import static io.simdnn.kernels.gemm.GemmTestSupport.assertBitIdentical;
import static io.simdnn.kernels.gemm.GemmTestSupport.assertMatchesReference;
import static io.simdnn.kernels.gemm.GemmTestSupport.extent;
import static io.simdnn.kernels.gemm.GemmTestSupport.randomData;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.reference.ReferenceGemm;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Gemm.sgemm against ReferenceGemm.sgemm on random problems: every shape class the blocking cares
 * about, all transposes, special and random alpha/beta, offsets and padded leading dimensions,
 * heap arrays, heap segments and off-heap segments. The whole C buffer is checked, padding
 * included; with beta == 0 C starts as NaN everywhere so an unwritten element shows.
 */
class GemmProperties {

    /** How the kernel receives its operands. */
    enum Storage { FLOAT_ARRAYS, HEAP_SEGMENTS, OFF_HEAP, MIXED }

    /** Off-heap operands come from a shared arena here; see {@link #sgemmOnConfinedArenaSegments}. */
    @Property(tries = 200)
    void sgemmMatchesReference(@ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("sizes") int k,
                               @ForAll Transpose transA, @ForAll Transpose transB,
                               @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
                               @ForAll @IntRange(max = 7) int aOffset, @ForAll @IntRange(max = 7) int bOffset,
                               @ForAll @IntRange(max = 7) int cOffset,
                               @ForAll @IntRange(max = 5) int aPad, @ForAll @IntRange(max = 5) int bPad,
                               @ForAll @IntRange(max = 5) int cPad,
                               @ForAll Storage storage, @ForAll long seed) {
        try (Arena arena = Arena.ofShared()) {
            check(arena, m, n, k, transA, transB, alpha, beta, aOffset, bOffset, cOffset, aPad, bPad, cPad, storage, seed);
        }
    }

    /**
     * A thin A (one row block, packed once) against K deeper than a K block (512), so a B stored
     * K x N is read in place over several K blocks, each adding into C, and the N edge comes from
     * a packed, zero-padded sliver.
     */
    @Property(tries = 30)
    void thinADeepK(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 100) int n,
                    @ForAll @IntRange(min = 500, max = 1300) int k,
                    @ForAll Transpose transA, @ForAll Transpose transB,
                    @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
                    @ForAll @IntRange(max = 7) int bOffset, @ForAll @IntRange(max = 5) int bPad, @ForAll long seed) {
        try (Arena arena = Arena.ofShared()) {
            check(arena, m, n, k, transA, transB, alpha, beta, 0, bOffset, 0, 0, bPad, 0, Storage.OFF_HEAP, seed);
        }
    }

    /**
     * The narrow path (A stored M x K, N at most 16): rows in tiles of 3 and columns in tiles of 5
     * (the last shifted left, fewer than 5 columns spread), K in blocks of 16 with a tail, so the
     * sizes cover every remainder of M by 3, N by 5 and K by 16.
     */
    @Property(tries = 120)
    void narrowProductsMatchReference(@ForAll @IntRange(min = 1, max = 70) int m, @ForAll @IntRange(min = 1, max = 16) int n,
                                      @ForAll @IntRange(min = 1, max = 300) int k, @ForAll Transpose transB,
                                      @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
                                      @ForAll @IntRange(max = 7) int aOffset, @ForAll @IntRange(max = 5) int aPad,
                                      @ForAll @IntRange(max = 5) int bPad, @ForAll Storage storage, @ForAll long seed) {
        try (Arena arena = Arena.ofShared()) {
            check(arena, m, n, k, Transpose.NO_TRANSPOSE, transB, alpha, beta, aOffset, 3, 1, aPad, bPad, 2, storage, seed);
        }
    }

    /**
     * The same check with off-heap operands from a confined arena, the usual way a caller owns
     * its buffers ({@code Buffers}: "an Arena the caller owns (confined or shared)"). A confined
     * segment may only be touched by its owner thread, so the kernel must not hand it to
     * worker threads. Sizes here are mostly above Tuning.GEMM_PARALLEL_MIN_FLOPS (2 M N K >= 4e6),
     * where the kernel splits the work across threads.
     */
    @Property(tries = 40)
    void sgemmOnConfinedArenaSegments(@ForAll("parallelSizes") int m, @ForAll("parallelSizes") int n,
                                      @ForAll("parallelSizes") int k,
                                      @ForAll Transpose transA, @ForAll Transpose transB,
                                      @ForAll("scalars") float alpha, @ForAll("scalars") float beta,
                                      @ForAll @IntRange(max = 7) int aOffset, @ForAll @IntRange(max = 7) int bOffset,
                                      @ForAll @IntRange(max = 7) int cOffset, @ForAll long seed) {
        try (Arena arena = Arena.ofConfined()) {
            check(arena, m, n, k, transA, transB, alpha, beta, aOffset, bOffset, cOffset, 1, 0, 3, Storage.OFF_HEAP, seed);
        }
    }

    private static void check(Arena arena, int m, int n, int k, Transpose transA, Transpose transB,
                              float alpha, float beta, int aOffset, int bOffset, int cOffset,
                              int aPad, int bPad, int cPad, Storage storage, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int aRows = transA.isTransposed() ? k : m;
        int aCols = transA.isTransposed() ? m : k;
        int bRows = transB.isTransposed() ? n : k;
        int bCols = transB.isTransposed() ? k : n;
        int lda = Math.max(1, aCols) + aPad;
        int ldb = Math.max(1, bCols) + bPad;
        int ldc = Math.max(1, n) + cPad;
        float[] a = randomData(random, extent(aOffset, aRows, aCols, lda) + random.nextInt(8));
        float[] b = randomData(random, extent(bOffset, bRows, bCols, ldb) + random.nextInt(8));
        float[] before = randomData(random, extent(cOffset, m, n, ldc) + random.nextInt(8));
        if (beta == 0f) {
            Arrays.fill(before, Float.NaN); // C must not be read; every element in the region must be written
        }
        String description = String.format("%s %s M=%d N=%d K=%d alpha=%s beta=%s offsets %d/%d/%d ld %d/%d/%d %s",
                transA.letter(), transB.letter(), m, n, k, alpha, beta, aOffset, bOffset, cOffset, lda, ldb, ldc, storage);

        float[] expected = before.clone();
        ReferenceGemm.sgemm(transA, transB, m, n, k, alpha, a.clone(), aOffset, lda, b.clone(), bOffset, ldb,
                beta, expected, cOffset, ldc);

        float[] aCopy = a.clone();
        float[] bCopy = b.clone();
        float[] actual = before.clone();
        {
            switch (storage) {
                case FLOAT_ARRAYS -> Gemm.sgemm(transA, transB, m, n, k, alpha, aCopy, aOffset, lda, bCopy, bOffset, ldb,
                        beta, actual, cOffset, ldc);
                case HEAP_SEGMENTS -> Gemm.sgemm(transA, transB, m, n, k, alpha, Buffers.wrap(aCopy), aOffset, lda,
                        Buffers.wrap(bCopy), bOffset, ldb, beta, Buffers.wrap(actual), cOffset, ldc);
                case OFF_HEAP, MIXED -> {
                    MemorySegment aSegment = storage == Storage.OFF_HEAP ? Buffers.copyOf(arena, aCopy) : Buffers.wrap(aCopy);
                    MemorySegment bSegment = Buffers.copyOf(arena, bCopy);
                    MemorySegment cSegment = Buffers.copyOf(arena, actual);
                    Gemm.sgemm(transA, transB, m, n, k, alpha, aSegment, aOffset, lda, bSegment, bOffset, ldb,
                            beta, cSegment, cOffset, ldc);
                    actual = Buffers.toArray(cSegment);
                    bCopy = Buffers.toArray(bSegment);
                    aCopy = Buffers.toArray(aSegment);
                }
            }
        }
        assertMatchesReference(description, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                beta, before, expected, actual, cOffset, ldc);
        assertBitIdentical(description + ": A was modified", a, aCopy);
        assertBitIdentical(description + ": B was modified", b, bCopy);
    }

    /**
     * Sizes biased towards what breaks blocked kernels: 0 and 1, small odd sizes, multiples and
     * near-multiples of MR = 5, 6 and 12, of the vector length (8/16) and of NR (16/32), a few larger
     * multiples of 48 (144, 192, 288), and uniformly random sizes up to 300.
     */
    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0, 1)),
                Tuple.of(3, Arbitraries.of(2, 3, 5, 7, 9, 11, 13, 19, 23)),
                Tuple.of(3, Arbitraries.of(6, 12, 18, 30, 42, 66, 138, 150, 294)),
                Tuple.of(2, Arbitraries.of(4, 10, 14, 20, 21, 25, 36, 45, 85, 125)),
                Tuple.of(3, Arbitraries.of(8, 16, 24, 32, 40, 64, 80, 128, 160, 256)),
                Tuple.of(3, Arbitraries.of(15, 17, 31, 33, 47, 49, 63, 65, 97, 127, 129, 143, 145, 191, 193, 257)),
                Tuple.of(1, Arbitraries.of(144, 192, 288, 300)),
                Tuple.of(5, Arbitraries.integers().between(0, 300)));
    }

    /** Mostly large sizes (median product ~6e6 flops) plus a few small ones. */
    @Provide
    Arbitrary<Integer> parallelSizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(1, 7, 16, 33)),
                Tuple.of(6, Arbitraries.integers().between(100, 300)));
    }

    /** alpha and beta: the special values 0, 1, -1 and random ones. */
    @Provide
    Arbitrary<Float> scalars() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0f)),
                Tuple.of(1, Arbitraries.just(1f)),
                Tuple.of(1, Arbitraries.just(-1f)),
                Tuple.of(2, Arbitraries.floats().between(-2f, 2f).filter(x -> x != 0f)));
    }
}
