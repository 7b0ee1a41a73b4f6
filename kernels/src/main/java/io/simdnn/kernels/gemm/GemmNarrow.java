package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.Tuning;

/**
 * Small products with few columns ({@code N <= 16}, one vector; A stored M x K), such as a dense
 * layer's output of 10 classes. A C row is one vector: 8 rows of C accumulate
 * {@code A[i][p] * B[p][:]} (an element of A broadcast, a row of B) over p. The blocked path would
 * transpose A into column-major slivers, which costs more than the multiplication here (a
 * 128 x 10 x 256 product: 32K floats for 330K multiply-adds), and fill 10 of a tile's 32 columns.
 * Here A is read where it is, eight rows side by side, each element broadcast straight from its
 * segment (copying the rows to an array first costs about a fifth of the time), and B is packed
 * once into K rows of one zero-padded vector.
 *
 * <p>Each element is a sum over p in order, one FMA per step, the same compiled or interpreted and
 * for any thread count (the path runs on the calling thread).
 */
final class GemmNarrow {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int ROWS = Tuning.GEMM_NARROW_ROWS;

    private GemmNarrow() {}

    /**
     * Whether this path takes the product: 512-bit vectors, A stored M x K, N at most one vector,
     * and too few flops to split across threads.
     */
    static boolean applies(boolean transA, int m, int n, int k) {
        return GemmMicroKernelShape.WIDE && !transA && n <= LANES
                && 2L * m * n * k < Tuning.GEMM_PARALLEL_MIN_FLOPS;
    }

    /** {@code C = alpha * A * op(B) + beta * C}; arguments validated, {@link #applies} true, K &gt;= 1. */
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
            accumulate(k, a, rowByte(aOffset, lda, i, last), rowByte(aOffset, lda, i + 1, last),
                    rowByte(aOffset, lda, i + 2, last), rowByte(aOffset, lda, i + 3, last),
                    rowByte(aOffset, lda, i + 4, last), rowByte(aOffset, lda, i + 5, last),
                    rowByte(aOffset, lda, i + 6, last), rowByte(aOffset, lda, i + 7, last), bRows, tile);
            for (int t = 0, rows = Math.min(ROWS, m - i); t < rows; t++) {
                storeRow(tile, t, n, alpha, beta, c, (cOffset + (long) (i + t) * ldc) * Float.BYTES);
            }
        }
    }

    /**
     * {@code C row = alpha * tile row t + beta * C row} over the row's n columns, starting at
     * byte {@code cRow} of c: the rounding of the blocked path's epilogue. A method of its own,
     * called once per row: {@link #multiply} runs once per layer and step, so its own loop would
     * reach C2 only after about a thousand training steps, boxing these vectors until then.
     */
    private static void storeRow(float[] tile, int t, int n, float alpha, float beta, MemorySegment c, long cRow) {
        VectorMask<Float> columns = SPECIES.indexInRange(0, n); // made here: a mask passed in is boxed
        FloatVector out = FloatVector.fromArray(SPECIES, tile, t * LANES).mul(alpha);
        if (beta != 0f) {
            out = out.add(FloatVector.fromMemorySegment(SPECIES, c, cRow, ORDER, columns).mul(beta));
        }
        out.intoMemorySegment(c, cRow, ORDER, columns);
    }

    /** Byte offset of row {@code min(i, last)} of A. */
    private static long rowByte(long aOffset, int lda, long i, long last) {
        return (aOffset + Math.min(i, last) * lda) * Float.BYTES;
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
