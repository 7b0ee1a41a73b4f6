package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;

/**
 * The narrow products' ({@link GemmNarrow}) broadcast form, for shallow K and for N past two dot
 * tiles: a C row is one vector: 8 rows of C accumulate {@code A[i][p] * B[p][:]} (an element of A
 * broadcast, a row of B) over p, so the only overhead per element of C is its store. A is read where it is, eight rows side by side, each element broadcast straight from its
 * segment (copying the rows to an array first costs about a fifth of the time), and B is packed
 * once into K rows of one zero-padded vector.
 *
 * <p>Each element is a sum over p in order, one FMA per step, the same compiled or interpreted and
 * for any thread count (the path runs on the calling thread).
 */
final class GemmNarrowBroadcasts {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Rows of C per block: written out in {@link #accumulate}, 8 accumulators, 8 broadcasts and one B load per step. */
    private static final int ROWS = 8;

    private GemmNarrowBroadcasts() {}

    /** {@code C = alpha * A * op(B) + beta * C}; arguments validated, {@link GemmNarrow#applies} true, K &gt;= 1. */
    static void multiply(boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOffset, int lda,
                         MemorySegment b, long bOffset, int ldb, float beta, MemorySegment c, long cOffset, int ldc) {
        GemmWorkspace workspace = GemmWorkspace.forCurrentThread(GemmBlocking.DEFAULT, 0, (long) k * LANES);
        // op(B) as k rows of one vector, zeros past N
        MemorySegment bRows = workspace.packedB;
        if (transB) {
            // stored N x K: the packing routine's register transposition into one LANES-wide sliver
            GemmPacking.packPanel(b, bOffset, ldb, false, k, n, LANES, bRows, 0);
        } else {
            packRows(b, bOffset, ldb, k, n, bRows);
        }
        float[] tile = workspace.edgeTile;
        // rows past M repeat the last one; their results are not stored
        long last = m - 1;
        for (int i = 0; i < m; i += ROWS) {
            accumulate(k, a, GemmNarrow.rowByte(aOffset, lda, i, last), GemmNarrow.rowByte(aOffset, lda, i + 1, last),
                    GemmNarrow.rowByte(aOffset, lda, i + 2, last), GemmNarrow.rowByte(aOffset, lda, i + 3, last),
                    GemmNarrow.rowByte(aOffset, lda, i + 4, last), GemmNarrow.rowByte(aOffset, lda, i + 5, last),
                    GemmNarrow.rowByte(aOffset, lda, i + 6, last), GemmNarrow.rowByte(aOffset, lda, i + 7, last), bRows, tile);
            for (int t = 0, rows = Math.min(ROWS, m - i); t < rows; t++) {
                GemmNarrow.storeRow(tile, t, n, alpha, beta, c, (cOffset + (long) (i + t) * ldc) * Float.BYTES);
            }
        }
    }

    /**
     * B stored K x N (N at most one vector) into k rows of one vector, zeros past N. A row whose
     * whole vector lies inside the segment is loaded unmasked and its lanes past N cleared with a
     * blend, far cheaper in C2's code than the masked load the last rows need.
     */
    private static void packRows(MemorySegment b, long bOffset, int ldb, int k, int n, MemorySegment rows) {
        // made here, not passed in: a mask passed to a method C2 does not inline is boxed
        VectorMask<Float> columns = SPECIES.indexInRange(0, n);
        long limit = b.byteSize() - (long) LANES * Float.BYTES;
        FloatVector zero = FloatVector.zero(SPECIES);
        long rowBytes = (long) LANES * Float.BYTES;
        for (int p = 0; p < k; p++) {
            long from = (bOffset + (long) p * ldb) * Float.BYTES;
            FloatVector row = from <= limit
                    ? zero.blend(FloatVector.fromMemorySegment(SPECIES, b, from, ORDER), columns)
                    : FloatVector.fromMemorySegment(SPECIES, b, from, ORDER, columns);
            row.intoMemorySegment(rows, p * rowBytes, ORDER);
        }
    }

    /**
     * {@code tile[t][:] = sum over p of A[t][p] * bRows[p][:]} for the 8 rows t, row t of A
     * starting at byte {@code a0} ... {@code a7} of {@code a}. B is read unmasked from its padded copy: with a lane
     * mask on this load, C2 compiles the loop several times slower.
     */
    private static void accumulate(int k, MemorySegment a, long a0, long a1, long a2, long a3, long a4, long a5,
                                   long a6, long a7, MemorySegment bRows, float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES), c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES), c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES), c7 = FloatVector.zero(SPECIES);
        long rowBytes = (long) LANES * Float.BYTES;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromMemorySegment(SPECIES, bRows, p * rowBytes, ORDER);
            long at = (long) p * Float.BYTES;
            c0 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a0 + at)).fma(bv, c0);
            c1 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a1 + at)).fma(bv, c1);
            c2 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a2 + at)).fma(bv, c2);
            c3 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a3 + at)).fma(bv, c3);
            c4 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a4 + at)).fma(bv, c4);
            c5 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a5 + at)).fma(bv, c5);
            c6 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a6 + at)).fma(bv, c6);
            c7 = FloatVector.broadcast(SPECIES, a.get(Buffers.FLOAT, a7 + at)).fma(bv, c7);
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
