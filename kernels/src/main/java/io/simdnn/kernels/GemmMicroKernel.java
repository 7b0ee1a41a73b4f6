package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM register tile: {@code MR x NR} of C accumulated in vector registers as a sum of outer
 * products of a packed A column (broadcast one element at a time) and a packed B row (two
 * vectors). With MR = 6 that is 12 accumulators + 2 B vectors + 1 broadcast: 15 of AVX2's 16
 * vector registers, so nothing spills. The only class of GEMM that touches vector lanes.
 *
 * <p>Vectors live only in locals and the species is a constant: anything else makes C2 box every
 * operation.
 */
final class GemmMicroKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    static final int MR = GemmMicroKernelShape.MR;
    static final int NR = 2 * LANES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private GemmMicroKernel() {}

    /**
     * {@code C[0:rows, 0:cols] = alpha * (Ap * Bp) + beta * C} for one tile, where Ap is the packed
     * {@code MR x kc} sliver at {@code ap[aBase]} (element (r, p) at {@code aBase + p * aStep +
     * r * aRowStride}: column-major {@code (MR, 1)} or row-major {@code (1, kc)}, whichever the
     * packing could produce by plain copies) and Bp the packed {@code kc x NR} sliver at
     * {@code bp[bBase]}. C starts at element {@code cIndex} of {@code c}; with {@code transposedC}
     * the tile is stored transposed (tile row r is C column r). When {@code beta == 0}
     * C is not read. Only the {@code rows x cols} part of the tile is touched in C;
     * {@code tile} is MR x NR scratch.
     */
    static void tile(int kc, float[] ap, int aBase, int aStep, int aRowStride, float[] bp, int bBase,
                     float alpha, float beta, MemorySegment c, long cIndex, int ldc, boolean transposedC,
                     int rows, int cols, float[] tile) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int b = bBase + p * NR;
            int a = aBase + p * aStep;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bp, b);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bp, b + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, ap[a]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, ap[a + aRowStride]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, ap[a + 2 * aRowStride]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, ap[a + 3 * aRowStride]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, ap[a + 4 * aRowStride]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, ap[a + 5 * aRowStride]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // Accumulators go through the small tile buffer rather than straight into C: passing
        // vectors to a helper C2 does not inline boxes them, and 12 extra L1 stores per
        // kc * 12 FMAs cost nothing measurable.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + LANES);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + LANES);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + LANES);
        if (rows == MR && cols == NR && !transposedC) {
            updateFullTile(tile, alpha, beta, c, cIndex, ldc);
        } else {
            updateTileElementwise(tile, rows, cols, alpha, beta, c, cIndex, transposedC ? 1 : ldc, transposedC ? ldc : 1);
        }
    }

    /** {@code C = alpha * tile + beta * C} for a whole MR x NR tile, as separate multiplies and an add. */
    private static void updateFullTile(float[] tile, float alpha, float beta, MemorySegment c, long cIndex, int ldc) {
        for (int r = 0; r < MR; r++) {
            long rowBytes = (cIndex + (long) r * ldc) * Float.BYTES;
            for (int v = 0; v < NR; v += LANES) {
                long at = rowBytes + (long) v * Float.BYTES;
                FloatVector out = FloatVector.fromArray(SPECIES, tile, r * NR + v).mul(alpha);
                if (beta != 0f) {
                    out = out.add(FloatVector.fromMemorySegment(SPECIES, c, at, ORDER).mul(beta));
                }
                out.intoMemorySegment(c, at, ORDER);
            }
        }
    }

    /**
     * The valid part of a partial or transposed tile, with exactly the rounding of
     * {@link #updateFullTile}: tile element (r, j) goes to {@code c[cIndex + r * rowStride + j * colStride]}.
     */
    private static void updateTileElementwise(float[] tile, int rows, int cols, float alpha, float beta,
                                              MemorySegment c, long cIndex, long rowStride, long colStride) {
        for (int r = 0; r < rows; r++) {
            long rowIndex = cIndex + r * rowStride;
            for (int j = 0; j < cols; j++) {
                long index = rowIndex + j * colStride;
                float value = alpha * tile[r * NR + j];
                if (beta != 0f) {
                    value += beta * c.getAtIndex(Buffers.FLOAT, index);
                }
                c.setAtIndex(Buffers.FLOAT, index, value);
            }
        }
    }
}
