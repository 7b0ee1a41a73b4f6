package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small products with few columns ({@code N <= 16}, one vector; A stored M x K), such as a dense
 * layer's output of 10 classes. A C row is one vector: 8 rows of C accumulate
 * {@code A[i][p] * B[p][:]} (an element of A broadcast, a row of B) over p. The blocked path would
 * transpose A into column-major slivers, which costs more than the multiplication here (a
 * 128 x 10 x 256 product: 32K floats moved element by element for 330K multiply-adds), and fill 10
 * of a tile's 32 columns; here A rows are copied as they are (8 rows of K floats at a time) and B
 * is packed once into K rows of one zero-padded vector.
 *
 * <p>Each element is a sum over p in order, one FMA per step, the same compiled or interpreted and
 * for any thread count (the path runs on the calling thread).
 */
final class GemmNarrow {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Rows of C per block: 8 accumulators, 8 broadcasts and one B load per step. */
    private static final int ROWS = 8;

    private GemmNarrow() {}

    /**
     * Whether this path takes the product: 512-bit vectors, A stored M x K, N at most one vector,
     * and too few flops to split across threads.
     */
    static boolean applies(boolean transA, int m, int n, int k) {
        return GemmMicroKernelShape.WIDE && !transA && n <= LANES
                && 2L * m * n * k < GemmBlocking.PARALLEL_MIN_FLOPS;
    }

    /** {@code C = alpha * A * op(B) + beta * C}; arguments validated, {@link #applies} true, K >= 1. */
    static void multiply(boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOffset, int lda,
                         MemorySegment b, long bOffset, int ldb, float beta, MemorySegment c, long cOffset, int ldc) {
        GemmWorkspace workspace = GemmWorkspace.forCurrentThread(GemmBlocking.DEFAULT, (long) ROWS * k, (long) k * LANES);
        // op(B) as k rows of one vector, zeros past N: the packing routine's one LANES-wide sliver
        MemorySegment bRows = workspace.packedB;
        GemmPacking.packPanel(b, bOffset, ldb, !transB, k, n, LANES, bRows, 0);
        VectorMask<Float> columns = SPECIES.indexInRange(0, n);
        float[] aRows = workspace.packedA;
        float[] tile = workspace.edgeTile;
        for (int i = 0; i < m; i += ROWS) {
            for (int t = 0; t < ROWS; t++) {
                // rows past M repeat the last one; their results are not stored
                long row = aOffset + (long) Math.min(i + t, m - 1) * lda;
                MemorySegment.copy(a, Buffers.FLOAT, row * Float.BYTES, aRows, t * k, k);
            }
            accumulate(k, aRows, bRows, tile);
            for (int t = 0, rows = Math.min(ROWS, m - i); t < rows; t++) {
                // the rounding of the blocked path's epilogue
                long cRow = (cOffset + (long) (i + t) * ldc) * Float.BYTES;
                FloatVector out = FloatVector.fromArray(SPECIES, tile, t * LANES).mul(alpha);
                if (beta != 0f) {
                    out = out.add(FloatVector.fromMemorySegment(SPECIES, c, cRow, ORDER, columns).mul(beta));
                }
                out.intoMemorySegment(c, cRow, ORDER, columns);
            }
        }
    }

    /**
     * {@code tile[t][:] = sum over p of aRows[t * k + p] * bRows[p][:]} for the 8 rows t. B is read
     * unmasked from its padded copy: with a lane mask on this load, C2 compiled the loop several
     * times slower.
     */
    private static void accumulate(int k, float[] aRows, MemorySegment bRows, float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES), c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES), c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES), c7 = FloatVector.zero(SPECIES);
        int r1 = k, r2 = 2 * k, r3 = 3 * k, r4 = 4 * k, r5 = 5 * k, r6 = 6 * k, r7 = 7 * k;
        long rowBytes = (long) LANES * Float.BYTES;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromMemorySegment(SPECIES, bRows, p * rowBytes, ORDER);
            c0 = FloatVector.broadcast(SPECIES, aRows[p]).fma(bv, c0);
            c1 = FloatVector.broadcast(SPECIES, aRows[r1 + p]).fma(bv, c1);
            c2 = FloatVector.broadcast(SPECIES, aRows[r2 + p]).fma(bv, c2);
            c3 = FloatVector.broadcast(SPECIES, aRows[r3 + p]).fma(bv, c3);
            c4 = FloatVector.broadcast(SPECIES, aRows[r4 + p]).fma(bv, c4);
            c5 = FloatVector.broadcast(SPECIES, aRows[r5 + p]).fma(bv, c5);
            c6 = FloatVector.broadcast(SPECIES, aRows[r6 + p]).fma(bv, c6);
            c7 = FloatVector.broadcast(SPECIES, aRows[r7 + p]).fma(bv, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
    }
}
