package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.internal.Tuning;

/**
 * Small products with few columns ({@code N <= 16}, one vector; A stored M x K), such as a dense
 * layer's output of 10 classes. The blocked path would transpose A into column-major slivers,
 * which costs more than the multiplication here (a 128 x 10 x 256 product: 32K floats for 330K
 * multiply-adds), and fill 10 of a tile's 32 columns. Two forms read A where it is:
 * {@link GemmNarrowDots} (dot products along K, every lane working, then a tree of lane sums per
 * element of C) and {@link GemmNarrowBroadcasts} (a C row in one vector, an element of A broadcast
 * per FMA, no sums). The dot form wins when K is deep enough to pay for its sums and N fills its
 * 5-column tiles; {@link #usesDotProducts} weighs the two.
 *
 * <p>The form is chosen from the shape alone, so each element's rounding is too; both run on the
 * calling thread, so results are the same for any thread count.
 */
final class GemmNarrow {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private GemmNarrow() {}

    /**
     * Whether this path takes the product: 512-bit vectors, A stored M x K, N at most one vector,
     * and too few flops to split across threads.
     */
    static boolean applies(boolean transA, int m, int n, int k) {
        return GemmMicroKernelShape.WIDE && !transA && n <= LANES
                && 2L * m * n * k < Tuning.GEMM_PARALLEL_MIN_FLOPS;
    }

    /**
     * Whether the dot-product form takes an N x K product: the cheaper by the cost model in
     * {@link Tuning#GEMM_NARROW_DOT_TILE_OVERHEAD}, per 3 rows of C. On Zen 4 that is N up to 5
     * from K = 64 on, N up to 10 from K = 160, N up to 15 from K = 384 and N = 16 from K of about 1,000.
     */
    static boolean usesDotProducts(int n, int k) {
        int tiles = (Math.max(n, GemmNarrowDots.COLUMNS) + GemmNarrowDots.COLUMNS - 1) / GemmNarrowDots.COLUMNS;
        int blocks = (k + LANES - 1) / LANES;
        double dots = tiles * (blocks * GemmNarrowDots.COLUMNS * GemmNarrowDots.ROWS + Tuning.GEMM_NARROW_DOT_TILE_OVERHEAD);
        double broadcasts = GemmNarrowDots.ROWS * k * Tuning.GEMM_NARROW_BROADCAST_STEP;
        return dots < broadcasts;
    }

    /** {@code C = alpha * A * op(B) + beta * C}; arguments validated, {@link #applies} true, K &gt;= 1. */
    static void multiply(boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOffset, int lda,
                         MemorySegment b, long bOffset, int ldb, float beta, MemorySegment c, long cOffset, int ldc) {
        if (usesDotProducts(n, k)) {
            GemmNarrowDots.multiply(transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        } else {
            GemmNarrowBroadcasts.multiply(transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }

    /**
     * {@code C row = alpha * tile row t + beta * C row} over the row's n columns, starting at
     * byte {@code cRow} of c: the rounding of the blocked path's epilogue. A method of its own,
     * called once per row: the forms' {@code multiply} runs once per layer and step, so its own
     * loop would reach C2 only after about a thousand training steps, boxing these vectors until then.
     */
    static void storeRow(float[] tile, int t, int n, float alpha, float beta, MemorySegment c, long cRow) {
        VectorMask<Float> columns = SPECIES.indexInRange(0, n); // made here: a mask passed in is boxed
        FloatVector out = FloatVector.fromArray(SPECIES, tile, t * LANES).mul(alpha);
        if (beta != 0f) {
            out = out.add(FloatVector.fromMemorySegment(SPECIES, c, cRow, ORDER, columns).mul(beta));
        }
        out.intoMemorySegment(c, cRow, ORDER, columns);
    }

    /** Byte offset of row {@code min(i, last)} of A. */
    static long rowByte(long aOffset, int lda, long i, long last) {
        return (aOffset + Math.min(i, last) * lda) * Float.BYTES;
    }
}
