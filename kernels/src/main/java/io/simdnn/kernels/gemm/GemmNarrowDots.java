package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The narrow products' ({@link GemmNarrow}) dot-product form, for K deep enough to pay for the
 * lane sums: a tile of 3 rows by 5 columns of C keeps 15 accumulators whose lanes hold partial
 * sums over K (lane l sums the k with {@code k % 16 == l}), and each step of 16 k multiplies 3 vectors of A's rows, read where they are, by 5 vectors of
 * op(B)^T, packed once per call. Every FMA fills all its lanes and no operand is broadcast: a
 * broadcast per FMA (the form that keeps a C row in one vector) is bound by the FP pipes the
 * broadcasts share with the FMAs on AMD Zen 4, and fills only N of 16 lanes.
 *
 * <p>Packed op(B)^T is laid out as blocks of 16 k, each holding every column's 16 values side by
 * side ({@code [k / 16][column][k % 16]}), so a step reads all its B vectors at constant offsets
 * from one address. The 15 lane sums of a tile are then formed together by a tree of two-vector
 * permutes and adds (four levels, 16 lanes to 1), which costs about 3 operations per element of C
 * instead of a full cross-lane reduction each.
 *
 * <p>Each element's rounding is fixed by the shape alone: 16 partial sums in k order, then the
 * same tree, the same compiled or interpreted (no {@code reduceLanes}, whose two forms round
 * differently) and for any thread count (the path runs on the calling thread).
 */
final class GemmNarrowDots {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INT_SPECIES = IntVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final long VECTOR_BYTES = (long) LANES * Float.BYTES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Rows of C per tile: written out in {@link #accumulateTile}, 3 x 5 = 15 accumulators (of 32 registers). */
    static final int ROWS = 3;
    /** Columns of C per tile. */
    static final int COLUMNS = 5;
    /** Floats of a tile's partial sums: one 16-lane vector per accumulator. */
    static final int PARTIAL_FLOATS = ROWS * COLUMNS * 16;

    private GemmNarrowDots() {}

    /** {@code C = alpha * A * op(B) + beta * C}; arguments validated, {@link GemmNarrow#applies} true, K &gt;= 1. */
    static void multiply(boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOffset, int lda,
                         MemorySegment b, long bOffset, int ldb, float beta, MemorySegment c, long cOffset, int ldc) {
        int columns = Math.max(n, COLUMNS);
        int blocks = (k + LANES - 1) / LANES;
        long packedFloats = (long) blocks * columns * LANES;
        long stagedFloats = n < COLUMNS ? (long) blocks * n * LANES : 0;
        GemmWorkspace workspace = GemmWorkspace.forCurrentThread(GemmBlocking.DEFAULT, 0, packedFloats + stagedFloats);
        MemorySegment bt = workspace.packedB;
        packTransposedB(transB, n, k, blocks, b, bOffset, ldb, columns, bt, packedFloats);
        float[] partial = workspace.narrowSums;
        float[] tile = workspace.edgeTile;
        long blockBytes = columns * VECTOR_BYTES;
        // rows past M repeat the last one, columns past N the last tile's; neither is stored
        long last = m - 1;
        for (int i = 0; i < m; i += ROWS) {
            long a0 = GemmNarrow.rowByte(aOffset, lda, i, last);
            long a1 = GemmNarrow.rowByte(aOffset, lda, i + 1, last);
            long a2 = GemmNarrow.rowByte(aOffset, lda, i + 2, last);
            for (int j = 0; j < columns; j += COLUMNS) {
                // the last tile is shifted left to end at the last column, never past it
                int first = Math.min(j, columns - COLUMNS);
                accumulateTile(k, a, a0, a1, a2, bt, first * VECTOR_BYTES, blockBytes, partial);
                sumTile(partial, tile, first);
            }
            for (int t = 0, rows = Math.min(ROWS, m - i); t < rows; t++) {
                GemmNarrow.storeRow(tile, t, n, alpha, beta, c, (cOffset + (long) (i + t) * ldc) * Float.BYTES);
            }
        }
    }

    /**
     * op(B)^T into {@code bt} as {@code blocks} blocks {@code [k / 16][column][k % 16]},
     * {@code columns} columns per block, lanes past K zero. With fewer than 5 columns of B, the
     * blocks are packed at float {@code staging} first and then spread to 5 columns, the last one
     * repeated.
     */
    private static void packTransposedB(boolean transB, int n, int k, int blocks, MemorySegment b, long bOffset,
                                        int ldb, int columns, MemorySegment bt, long staging) {
        // X[j][p] = op(B)[p][j]: B stored N x K (transposed) has X's rows contiguous
        boolean spread = n != columns;
        GemmPacking.packPanel(b, bOffset, ldb, transB, n, k, LANES, bt, spread ? staging : 0);
        if (!spread && k % LANES == 0) {
            return;
        }
        for (int block = spread ? 0 : blocks - 1; block < blocks; block++) {
            finishBlock(block, n, k, columns, bt, staging);
        }
    }

    /**
     * Block {@code block} of {@link #packTransposedB} as the kernel reads it: each column's
     * vector taken from the staging area when B has fewer columns than a tile (else in place),
     * its lanes past K cleared (a transposed block pads with copies of its last row; A's lanes
     * past K are zeros, and 0 times an infinite B would add a NaN). A method per block, not per
     * call: a packing runs once per layer and step, and its own vector loop would stay boxed
     * until C2 took it, hundreds of steps later.
     */
    private static void finishBlock(int block, int n, int k, int columns, MemorySegment bt, long staging) {
        VectorMask<Float> inK = SPECIES.indexInRange(block * LANES, k);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int j = 0; j < columns; j++) {
            long to = ((long) block * columns + j) * VECTOR_BYTES;
            long from = n == columns ? to : (staging + ((long) block * n + Math.min(j, n - 1)) * LANES) * Float.BYTES;
            zero.blend(FloatVector.fromMemorySegment(SPECIES, bt, from, ORDER), inK).intoMemorySegment(bt, to, ORDER);
        }
    }

    /**
     * Partial sums of one 3 x 5 tile of C into {@code partial} (15 vectors): for rows t &lt; 3
     * (row t of A at byte {@code a0}, {@code a1}, {@code a2} of {@code a}) and columns u &lt; 5
     * (op(B)^T packed in {@code bt}, the tile's first column at byte {@code bAt} of the first
     * block, blocks {@code blockBytes} apart), lane l of accumulator {@code 5t + u} adds
     * {@code A[t][p] * op(B)[p][u]} over the p with {@code p % 16 == l}, in order. The last block
     * of a K that is not a multiple of 16 is read from A under a lane mask.
     */
    private static void accumulateTile(int k, MemorySegment a, long a0, long a1, long a2,
                                       MemorySegment bt, long bAt, long blockBytes, float[] partial) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00, c04 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00;
        int full = k & -LANES;
        for (int p = 0; p < k; p += LANES, bAt += blockBytes) {
            long at = (long) p * Float.BYTES;
            FloatVector x0, x1, x2;
            if (p < full) {
                x0 = FloatVector.fromMemorySegment(SPECIES, a, a0 + at, ORDER);
                x1 = FloatVector.fromMemorySegment(SPECIES, a, a1 + at, ORDER);
                x2 = FloatVector.fromMemorySegment(SPECIES, a, a2 + at, ORDER);
            } else {
                VectorMask<Float> inK = SPECIES.indexInRange(p, k);
                x0 = FloatVector.fromMemorySegment(SPECIES, a, a0 + at, ORDER, inK);
                x1 = FloatVector.fromMemorySegment(SPECIES, a, a1 + at, ORDER, inK);
                x2 = FloatVector.fromMemorySegment(SPECIES, a, a2 + at, ORDER, inK);
            }
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, bt, bAt, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, bt, bAt + VECTOR_BYTES, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(SPECIES, bt, bAt + 2 * VECTOR_BYTES, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(SPECIES, bt, bAt + 3 * VECTOR_BYTES, ORDER);
            FloatVector b4 = FloatVector.fromMemorySegment(SPECIES, bt, bAt + 4 * VECTOR_BYTES, ORDER);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03); c04 = x0.fma(b4, c04);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13); c14 = x1.fma(b4, c14);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23); c24 = x2.fma(b4, c24);
        }
        c00.intoArray(partial, 0);
        c01.intoArray(partial, LANES);
        c02.intoArray(partial, 2 * LANES);
        c03.intoArray(partial, 3 * LANES);
        c04.intoArray(partial, 4 * LANES);
        c10.intoArray(partial, 5 * LANES);
        c11.intoArray(partial, 6 * LANES);
        c12.intoArray(partial, 7 * LANES);
        c13.intoArray(partial, 8 * LANES);
        c14.intoArray(partial, 9 * LANES);
        c20.intoArray(partial, 10 * LANES);
        c21.intoArray(partial, 11 * LANES);
        c22.intoArray(partial, 12 * LANES);
        c23.intoArray(partial, 13 * LANES);
        c24.intoArray(partial, 14 * LANES);
    }

    private static final VectorMask<Float> ROW_0 = VectorMask.fromLong(SPECIES, 0x1FL);
    private static final VectorMask<Float> ROW_1 = VectorMask.fromLong(SPECIES, 0x1FL << COLUMNS);
    private static final VectorMask<Float> ROW_2 = VectorMask.fromLong(SPECIES, 0x1FL << (2 * COLUMNS));

    /**
     * The 15 lane sums of a tile's {@code partial} accumulators into {@code tile[t][first + u]}
     * (accumulator {@code 5t + u}). A tree over 16 leaves, the 16th a copy of the 15th: four
     * levels, each adding the two halves of every leaf's remaining partial sums while packing two
     * vectors' leaves into one (two-vector permutes on the floats' bits, vpermi2d on AVX-512), so
     * that lane j of the result holds leaf j's sum and row t's five sums are lanes 5t..5t+4.
     * One method with every permute written out: C2 force-inlines the Vector API's calls, but a
     * helper of ours counts against its inlining budget, which the permutes' IR exhausts after
     * six pairs, and a vector passed to a method left out of line is boxed.
     */
    private static void sumTile(float[] partial, float[] tile, int first) {
        IntVector v0 = leaf(partial, 0); IntVector v1 = leaf(partial, 1); IntVector v2 = leaf(partial, 2); IntVector v3 = leaf(partial, 3);
        IntVector v4 = leaf(partial, 4); IntVector v5 = leaf(partial, 5); IntVector v6 = leaf(partial, 6); IntVector v7 = leaf(partial, 7);
        IntVector v8 = leaf(partial, 8); IntVector v9 = leaf(partial, 9); IntVector v10 = leaf(partial, 10); IntVector v11 = leaf(partial, 11);
        IntVector v12 = leaf(partial, 12); IntVector v13 = leaf(partial, 13); IntVector v14 = leaf(partial, 14); IntVector v15 = leaf(partial, 14);
        IntVector low = IntVector.fromArray(INT_SPECIES, SUM_PICKS, 0);
        IntVector high = IntVector.fromArray(INT_SPECIES, SUM_PICKS, LANES);
        IntVector s0 = low.selectFrom(v0, v1).reinterpretAsFloats().add(high.selectFrom(v0, v1).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector s1 = low.selectFrom(v2, v3).reinterpretAsFloats().add(high.selectFrom(v2, v3).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector s2 = low.selectFrom(v4, v5).reinterpretAsFloats().add(high.selectFrom(v4, v5).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector s3 = low.selectFrom(v6, v7).reinterpretAsFloats().add(high.selectFrom(v6, v7).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector s4 = low.selectFrom(v8, v9).reinterpretAsFloats().add(high.selectFrom(v8, v9).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector s5 = low.selectFrom(v10, v11).reinterpretAsFloats().add(high.selectFrom(v10, v11).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector s6 = low.selectFrom(v12, v13).reinterpretAsFloats().add(high.selectFrom(v12, v13).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector s7 = low.selectFrom(v14, v15).reinterpretAsFloats().add(high.selectFrom(v14, v15).reinterpretAsFloats())
                .reinterpretAsInts();
        low = IntVector.fromArray(INT_SPECIES, SUM_PICKS, 2 * LANES);
        high = IntVector.fromArray(INT_SPECIES, SUM_PICKS, 3 * LANES);
        IntVector w0 = low.selectFrom(s0, s1).reinterpretAsFloats().add(high.selectFrom(s0, s1).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector w1 = low.selectFrom(s2, s3).reinterpretAsFloats().add(high.selectFrom(s2, s3).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector w2 = low.selectFrom(s4, s5).reinterpretAsFloats().add(high.selectFrom(s4, s5).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector w3 = low.selectFrom(s6, s7).reinterpretAsFloats().add(high.selectFrom(s6, s7).reinterpretAsFloats())
                .reinterpretAsInts();
        low = IntVector.fromArray(INT_SPECIES, SUM_PICKS, 4 * LANES);
        high = IntVector.fromArray(INT_SPECIES, SUM_PICKS, 5 * LANES);
        IntVector x0 = low.selectFrom(w0, w1).reinterpretAsFloats().add(high.selectFrom(w0, w1).reinterpretAsFloats())
                .reinterpretAsInts();
        IntVector x1 = low.selectFrom(w2, w3).reinterpretAsFloats().add(high.selectFrom(w2, w3).reinterpretAsFloats())
                .reinterpretAsInts();
        low = IntVector.fromArray(INT_SPECIES, SUM_PICKS, 6 * LANES);
        high = IntVector.fromArray(INT_SPECIES, SUM_PICKS, 7 * LANES);
        IntVector y0 = low.selectFrom(x0, x1).reinterpretAsFloats().add(high.selectFrom(x0, x1).reinterpretAsFloats())
                .reinterpretAsInts();
        FloatVector out = y0.reinterpretAsFloats();
        out.intoArray(tile, first, ROW_0);
        out.intoArray(tile, LANES + first - COLUMNS, ROW_1);
        out.intoArray(tile, 2 * LANES + first - 2 * COLUMNS, ROW_2);
    }

    /** Accumulator {@code index} of {@code partial}, on its floats' bits. */
    private static IntVector leaf(float[] partial, int index) {
        return FloatVector.fromArray(SPECIES, partial, index * LANES).reinterpretAsInts();
    }

    /**
     * Per level of {@link #sumTile}, the low then the high permute: before level l each vector
     * holds 2^l leaves of 2h = 16 / 2^l partial sums; lane {@code o * h + t} of the result takes
     * partial t (low) or t + h (high) of leaf o, leaves of x first, then y's (index 16 and up).
     */
    private static final int[] SUM_PICKS = sumIndexes();

    private static int[] sumIndexes() {
        int[] indexes = new int[8 * 16];
        for (int level = 0; level < 4; level++) {
            int leaves = 1 << level;
            int h = 8 >> level;
            for (int o = 0; o < 2 * leaves; o++) {
                int source = o < leaves ? o * 2 * h : 16 + (o - leaves) * 2 * h;
                for (int t = 0; t < h; t++) {
                    indexes[2 * level * 16 + o * h + t] = source + t;
                    indexes[(2 * level + 1) * 16 + o * h + t] = source + t + h;
                }
            }
        }
        return indexes;
    }
}
