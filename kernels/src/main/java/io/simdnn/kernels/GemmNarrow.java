package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small products with few columns ({@code N <= MAX_COLUMNS}, A stored M x K), such as a dense
 * layer's output of 10 classes: each C element is a dot product of an A row and a B column, with
 * vectors along K. The blocked path would spend more time transposing A into column-major slivers
 * than multiplying (a 128 x 10 x 256 product: 32K floats transposed for 330K multiply-adds), and
 * fill 10 of a tile's 32 columns. Here A is read in place; only B, N x K at most, is transposed
 * when it is stored K x N.
 *
 * <p>The loop takes 4 rows by 2 columns at a time (8 accumulators, 6 loads per 8 FMAs); rows and
 * columns past the edge repeat the last one and are not stored. Each element is summed in lanes,
 * then across them left to right (not by {@code reduceLanes}, whose order differs between the
 * interpreted and the compiled form), in an order fixed by K alone: the same result whether the
 * call ran compiled or not, for any thread count (the path runs on the calling thread).
 */
final class GemmNarrow {
    /** Widest N this path takes. */
    static final int MAX_COLUMNS = 16;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int ROWS = 4;
    private static final int COLUMNS = 2;

    private GemmNarrow() {}

    /**
     * Whether this path takes the product: 512-bit vectors, A stored M x K, {@code N <=}
     * {@link #MAX_COLUMNS}, and too few flops to split across threads.
     */
    static boolean applies(boolean transA, int m, int n, int k) {
        return GemmMicroKernelShape.WIDE && !transA && n <= MAX_COLUMNS
                && 2L * m * n * k < GemmBlocking.PARALLEL_MIN_FLOPS;
    }

    /** {@code C = alpha * A * op(B) + beta * C}; arguments validated, {@link #applies} true. */
    static void multiply(boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOffset, int lda,
                         MemorySegment b, long bOffset, int ldb, float beta, MemorySegment c, long cOffset, int ldc) {
        MemorySegment bt = b;
        long btOffset = bOffset;
        int ldbt = ldb;
        if (!transB) {
            // B^T, N x K, so that a column of B is K contiguous floats
            bt = GemmWorkspace.forCurrentThread(GemmBlocking.DEFAULT, 0, (long) n * k).packedB;
            // the packing routine's transposition: one sliver k wide of the n x k matrix B^T
            GemmPacking.packPanel(b, bOffset, ldb, false, n, k, k, bt, 0);
            btOffset = 0;
            ldbt = k;
        }
        float[] lanes = GemmWorkspace.forCurrentThread(GemmBlocking.DEFAULT, 0, 0).edgeTile;
        long aRowBytes = (long) lda * Float.BYTES;
        long btRowBytes = (long) ldbt * Float.BYTES;
        for (int i = 0; i < m; i += ROWS) {
            for (int j = 0; j < n; j += COLUMNS) {
                block(k, a, aOffset * Float.BYTES, aRowBytes, i, m, bt, btOffset * Float.BYTES, btRowBytes, j, n,
                        alpha, beta, c, cOffset, ldc, lanes);
            }
        }
    }

    /** C[i : i + 4, j : j + 2], clipped to M x N. */
    private static void block(int k, MemorySegment a, long aByte, long aRowBytes, int i, int m,
                              MemorySegment bt, long btByte, long btRowBytes, int j, int n,
                              float alpha, float beta, MemorySegment c, long cOffset, int ldc, float[] lanes) {
        long a0 = aByte + Math.min(i, m - 1) * aRowBytes;
        long a1 = aByte + Math.min(i + 1, m - 1) * aRowBytes;
        long a2 = aByte + Math.min(i + 2, m - 1) * aRowBytes;
        long a3 = aByte + Math.min(i + 3, m - 1) * aRowBytes;
        long b0 = btByte + Math.min(j, n - 1) * btRowBytes;
        long b1 = btByte + Math.min(j + 1, n - 1) * btRowBytes;
        FloatVector s00 = FloatVector.zero(SPECIES), s01 = FloatVector.zero(SPECIES);
        FloatVector s10 = FloatVector.zero(SPECIES), s11 = FloatVector.zero(SPECIES);
        FloatVector s20 = FloatVector.zero(SPECIES), s21 = FloatVector.zero(SPECIES);
        FloatVector s30 = FloatVector.zero(SPECIES), s31 = FloatVector.zero(SPECIES);
        int p = 0;
        for (int whole = k - LANES; p <= whole; p += LANES) {
            long at = (long) p * Float.BYTES;
            FloatVector v0 = FloatVector.fromMemorySegment(SPECIES, bt, b0 + at, ORDER);
            FloatVector v1 = FloatVector.fromMemorySegment(SPECIES, bt, b1 + at, ORDER);
            FloatVector u = FloatVector.fromMemorySegment(SPECIES, a, a0 + at, ORDER);
            s00 = u.fma(v0, s00);
            s01 = u.fma(v1, s01);
            u = FloatVector.fromMemorySegment(SPECIES, a, a1 + at, ORDER);
            s10 = u.fma(v0, s10);
            s11 = u.fma(v1, s11);
            u = FloatVector.fromMemorySegment(SPECIES, a, a2 + at, ORDER);
            s20 = u.fma(v0, s20);
            s21 = u.fma(v1, s21);
            u = FloatVector.fromMemorySegment(SPECIES, a, a3 + at, ORDER);
            s30 = u.fma(v0, s30);
            s31 = u.fma(v1, s31);
        }
        // the K tail (fewer than a vector) in scalar code: masked vector loads made the method too
        // large for C2 to keep its vector operations intrinsic
        s00.intoArray(lanes, 0);
        s01.intoArray(lanes, LANES);
        s10.intoArray(lanes, 2 * LANES);
        s11.intoArray(lanes, 3 * LANES);
        s20.intoArray(lanes, 4 * LANES);
        s21.intoArray(lanes, 5 * LANES);
        s30.intoArray(lanes, 6 * LANES);
        s31.intoArray(lanes, 7 * LANES);
        boolean second = j + 1 < n;
        store(c, cOffset, ldc, i, j, sum(lanes, 0) + tail(a, a0, bt, b0, p, k), alpha, beta);
        if (second) {
            store(c, cOffset, ldc, i, j + 1, sum(lanes, 1) + tail(a, a0, bt, b1, p, k), alpha, beta);
        }
        if (i + 1 < m) {
            store(c, cOffset, ldc, i + 1, j, sum(lanes, 2) + tail(a, a1, bt, b0, p, k), alpha, beta);
            if (second) {
                store(c, cOffset, ldc, i + 1, j + 1, sum(lanes, 3) + tail(a, a1, bt, b1, p, k), alpha, beta);
            }
        }
        if (i + 2 < m) {
            store(c, cOffset, ldc, i + 2, j, sum(lanes, 4) + tail(a, a2, bt, b0, p, k), alpha, beta);
            if (second) {
                store(c, cOffset, ldc, i + 2, j + 1, sum(lanes, 5) + tail(a, a2, bt, b1, p, k), alpha, beta);
            }
        }
        if (i + 3 < m) {
            store(c, cOffset, ldc, i + 3, j, sum(lanes, 6) + tail(a, a3, bt, b0, p, k), alpha, beta);
            if (second) {
                store(c, cOffset, ldc, i + 3, j + 1, sum(lanes, 7) + tail(a, a3, bt, b1, p, k), alpha, beta);
            }
        }
    }

    /**
     * Lanes {@code [i * LANES, (i + 1) * LANES)} of {@code lanes} added left to right in scalar
     * code: a fixed order whether this runs interpreted or compiled ({@code reduceLanes} leaves
     * the order open, and its two forms differ in the last bit), and cheaper here than
     * {@link LaneSums}' four shuffles per accumulator.
     */
    private static float sum(float[] lanes, int i) {
        float sum = 0f;
        for (int l = i * LANES, end = l + LANES; l < end; l++) {
            sum += lanes[l];
        }
        return sum;
    }

    /** Sum of {@code a[row + q] * bt[column + q]} for q from p to K - 1, bytes from the row/column start. */
    private static float tail(MemorySegment a, long aRow, MemorySegment bt, long btRow, int p, int k) {
        float sum = 0f;
        for (int q = p; q < k; q++) {
            long at = (long) q * Float.BYTES;
            sum = Math.fma(a.get(Buffers.FLOAT, aRow + at), bt.get(Buffers.FLOAT, btRow + at), sum);
        }
        return sum;
    }

    /** {@code C[i][j] = alpha * sum + beta * C[i][j]}, C not read when beta is 0 (the rounding of the blocked path). */
    private static void store(MemorySegment c, long cOffset, int ldc, int i, int j, float sum, float alpha, float beta) {
        long index = cOffset + (long) i * ldc + j;
        float value = alpha * sum;
        if (beta != 0f) {
            value += beta * c.getAtIndex(Buffers.FLOAT, index);
        }
        c.setAtIndex(Buffers.FLOAT, index, value);
    }
}
