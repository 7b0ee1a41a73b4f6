package io.simdnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link ImplicitConv2d}: a GEMM micro-kernel whose A operand is never
 * packed. It accumulates
 * <pre>
 *   tile[r][j] = sum over p &lt; steps of x[rowBase[rowStart + r] + offsets[offsetStart + p]] * b[bStart + p * width + j]
 * </pre>
 * for {@code r < rows()} and {@code j < width}: A's element (r, p) is read straight from a
 * zero-padded tensor at the sum of a row term and a step term. A convolution's im2col matrix has
 * exactly that form (an output position plus a filter tap), so its columns are read where the
 * input lies instead of being copied out first. B is a packed panel, {@code width} floats per step.
 *
 * <p>Two shapes per vector width, from the same register budget as {@link GemmMicroKernelShape}:
 * <table>
 *   <caption>tile per vector width</caption>
 *   <tr><th>vector bits</th><th>wide (2 vectors)</th><th>narrow (1 vector)</th></tr>
 *   <tr><td>512</td><td>12 x 32</td><td>24 x 16</td></tr>
 *   <tr><td>256</td><td>6 x 16</td><td>12 x 8</td></tr>
 * </table>
 * The narrow tile serves panels of at most one vector of columns (16 channels, say) without
 * multiplying zeros; it needs one broadcast per FMA, which the load ports sustain on the cores
 * this runs on. {@code tile} is overwritten, {@code rows() x width} floats.
 */
final class ConvTileKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    static final int NR_WIDE = 2 * LANES;
    private static final boolean WIDE_REGISTERS = LANES >= 16;

    private ConvTileKernel() {}

    /** Rows of the tile for panels {@code width} floats wide ({@link #NR_WIDE} or {@link #LANES}). */
    static int rows(int width) {
        if (width == NR_WIDE) {
            return WIDE_REGISTERS ? 12 : 6;
        }
        return WIDE_REGISTERS ? 24 : 12;
    }

    /** Panel width for {@code columns} output columns: one vector when they fit one, else two. */
    static int panelWidth(int columns) {
        return columns <= LANES ? LANES : NR_WIDE;
    }

    /** Accumulates one tile as described in the class comment; {@code width} is a {@link #panelWidth}. */
    static void accumulate(int width, int steps, float[] x, int[] rowBase, int rowStart, int[] offsets, int offsetStart,
                           float[] b, int bStart, float[] tile) {
        if (width == NR_WIDE) {
            if (WIDE_REGISTERS) {
                accumulate12x2(steps, x, rowBase, rowStart, offsets, offsetStart, b, bStart, tile);
            } else {
                accumulate6x2(steps, x, rowBase, rowStart, offsets, offsetStart, b, bStart, tile);
            }
        } else if (WIDE_REGISTERS) {
            accumulate24x1(steps, x, rowBase, rowStart, offsets, offsetStart, b, bStart, tile);
        } else {
            accumulate12x1(steps, x, rowBase, rowStart, offsets, offsetStart, b, bStart, tile);
        }
    }

    // Generated: one method per tile shape with the rows written out, so every row base is a
    // local and the loop body is straight-line broadcasts and FMAs (see GemmMicroKernel).

    private static void accumulate12x2(int steps, float[] x, int[] rowBase, int rowStart, int[] offsets, int offsetStart,
                                     float[] b, int bStart, float[] tile) {
        int r0 = rowBase[rowStart + 0]; int r1 = rowBase[rowStart + 1]; int r2 = rowBase[rowStart + 2]; int r3 = rowBase[rowStart + 3]; int r4 = rowBase[rowStart + 4]; int r5 = rowBase[rowStart + 5];
        int r6 = rowBase[rowStart + 6]; int r7 = rowBase[rowStart + 7]; int r8 = rowBase[rowStart + 8]; int r9 = rowBase[rowStart + 9]; int r10 = rowBase[rowStart + 10]; int r11 = rowBase[rowStart + 11];
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES), c61 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES), c71 = FloatVector.zero(SPECIES);
        FloatVector c80 = FloatVector.zero(SPECIES), c81 = FloatVector.zero(SPECIES);
        FloatVector c90 = FloatVector.zero(SPECIES), c91 = FloatVector.zero(SPECIES);
        FloatVector c100 = FloatVector.zero(SPECIES), c101 = FloatVector.zero(SPECIES);
        FloatVector c110 = FloatVector.zero(SPECIES), c111 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int offset = offsets[offsetStart + p];
            int bp = bStart + p * NR_WIDE;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, x[r0 + offset]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, x[r1 + offset]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, x[r2 + offset]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, x[r3 + offset]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, x[r4 + offset]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, x[r5 + offset]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(SPECIES, x[r6 + offset]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, x[r7 + offset]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(SPECIES, x[r8 + offset]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(SPECIES, x[r9 + offset]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(SPECIES, x[r10 + offset]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            av = FloatVector.broadcast(SPECIES, x[r11 + offset]);
            c110 = av.fma(b0, c110);
            c111 = av.fma(b1, c111);
        }
        c00.intoArray(tile, 0 * NR_WIDE);
        c01.intoArray(tile, 0 * NR_WIDE + LANES);
        c10.intoArray(tile, 1 * NR_WIDE);
        c11.intoArray(tile, 1 * NR_WIDE + LANES);
        c20.intoArray(tile, 2 * NR_WIDE);
        c21.intoArray(tile, 2 * NR_WIDE + LANES);
        c30.intoArray(tile, 3 * NR_WIDE);
        c31.intoArray(tile, 3 * NR_WIDE + LANES);
        c40.intoArray(tile, 4 * NR_WIDE);
        c41.intoArray(tile, 4 * NR_WIDE + LANES);
        c50.intoArray(tile, 5 * NR_WIDE);
        c51.intoArray(tile, 5 * NR_WIDE + LANES);
        c60.intoArray(tile, 6 * NR_WIDE);
        c61.intoArray(tile, 6 * NR_WIDE + LANES);
        c70.intoArray(tile, 7 * NR_WIDE);
        c71.intoArray(tile, 7 * NR_WIDE + LANES);
        c80.intoArray(tile, 8 * NR_WIDE);
        c81.intoArray(tile, 8 * NR_WIDE + LANES);
        c90.intoArray(tile, 9 * NR_WIDE);
        c91.intoArray(tile, 9 * NR_WIDE + LANES);
        c100.intoArray(tile, 10 * NR_WIDE);
        c101.intoArray(tile, 10 * NR_WIDE + LANES);
        c110.intoArray(tile, 11 * NR_WIDE);
        c111.intoArray(tile, 11 * NR_WIDE + LANES);
    }

    private static void accumulate24x1(int steps, float[] x, int[] rowBase, int rowStart, int[] offsets, int offsetStart,
                                     float[] b, int bStart, float[] tile) {
        int r0 = rowBase[rowStart + 0]; int r1 = rowBase[rowStart + 1]; int r2 = rowBase[rowStart + 2]; int r3 = rowBase[rowStart + 3]; int r4 = rowBase[rowStart + 4]; int r5 = rowBase[rowStart + 5];
        int r6 = rowBase[rowStart + 6]; int r7 = rowBase[rowStart + 7]; int r8 = rowBase[rowStart + 8]; int r9 = rowBase[rowStart + 9]; int r10 = rowBase[rowStart + 10]; int r11 = rowBase[rowStart + 11];
        int r12 = rowBase[rowStart + 12]; int r13 = rowBase[rowStart + 13]; int r14 = rowBase[rowStart + 14]; int r15 = rowBase[rowStart + 15]; int r16 = rowBase[rowStart + 16]; int r17 = rowBase[rowStart + 17];
        int r18 = rowBase[rowStart + 18]; int r19 = rowBase[rowStart + 19]; int r20 = rowBase[rowStart + 20]; int r21 = rowBase[rowStart + 21]; int r22 = rowBase[rowStart + 22]; int r23 = rowBase[rowStart + 23];
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES);
        FloatVector c80 = FloatVector.zero(SPECIES);
        FloatVector c90 = FloatVector.zero(SPECIES);
        FloatVector c100 = FloatVector.zero(SPECIES);
        FloatVector c110 = FloatVector.zero(SPECIES);
        FloatVector c120 = FloatVector.zero(SPECIES);
        FloatVector c130 = FloatVector.zero(SPECIES);
        FloatVector c140 = FloatVector.zero(SPECIES);
        FloatVector c150 = FloatVector.zero(SPECIES);
        FloatVector c160 = FloatVector.zero(SPECIES);
        FloatVector c170 = FloatVector.zero(SPECIES);
        FloatVector c180 = FloatVector.zero(SPECIES);
        FloatVector c190 = FloatVector.zero(SPECIES);
        FloatVector c200 = FloatVector.zero(SPECIES);
        FloatVector c210 = FloatVector.zero(SPECIES);
        FloatVector c220 = FloatVector.zero(SPECIES);
        FloatVector c230 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int offset = offsets[offsetStart + p];
            int bp = bStart + p * LANES;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector av = FloatVector.broadcast(SPECIES, x[r0 + offset]);
            c00 = av.fma(b0, c00);
            av = FloatVector.broadcast(SPECIES, x[r1 + offset]);
            c10 = av.fma(b0, c10);
            av = FloatVector.broadcast(SPECIES, x[r2 + offset]);
            c20 = av.fma(b0, c20);
            av = FloatVector.broadcast(SPECIES, x[r3 + offset]);
            c30 = av.fma(b0, c30);
            av = FloatVector.broadcast(SPECIES, x[r4 + offset]);
            c40 = av.fma(b0, c40);
            av = FloatVector.broadcast(SPECIES, x[r5 + offset]);
            c50 = av.fma(b0, c50);
            av = FloatVector.broadcast(SPECIES, x[r6 + offset]);
            c60 = av.fma(b0, c60);
            av = FloatVector.broadcast(SPECIES, x[r7 + offset]);
            c70 = av.fma(b0, c70);
            av = FloatVector.broadcast(SPECIES, x[r8 + offset]);
            c80 = av.fma(b0, c80);
            av = FloatVector.broadcast(SPECIES, x[r9 + offset]);
            c90 = av.fma(b0, c90);
            av = FloatVector.broadcast(SPECIES, x[r10 + offset]);
            c100 = av.fma(b0, c100);
            av = FloatVector.broadcast(SPECIES, x[r11 + offset]);
            c110 = av.fma(b0, c110);
            av = FloatVector.broadcast(SPECIES, x[r12 + offset]);
            c120 = av.fma(b0, c120);
            av = FloatVector.broadcast(SPECIES, x[r13 + offset]);
            c130 = av.fma(b0, c130);
            av = FloatVector.broadcast(SPECIES, x[r14 + offset]);
            c140 = av.fma(b0, c140);
            av = FloatVector.broadcast(SPECIES, x[r15 + offset]);
            c150 = av.fma(b0, c150);
            av = FloatVector.broadcast(SPECIES, x[r16 + offset]);
            c160 = av.fma(b0, c160);
            av = FloatVector.broadcast(SPECIES, x[r17 + offset]);
            c170 = av.fma(b0, c170);
            av = FloatVector.broadcast(SPECIES, x[r18 + offset]);
            c180 = av.fma(b0, c180);
            av = FloatVector.broadcast(SPECIES, x[r19 + offset]);
            c190 = av.fma(b0, c190);
            av = FloatVector.broadcast(SPECIES, x[r20 + offset]);
            c200 = av.fma(b0, c200);
            av = FloatVector.broadcast(SPECIES, x[r21 + offset]);
            c210 = av.fma(b0, c210);
            av = FloatVector.broadcast(SPECIES, x[r22 + offset]);
            c220 = av.fma(b0, c220);
            av = FloatVector.broadcast(SPECIES, x[r23 + offset]);
            c230 = av.fma(b0, c230);
        }
        c00.intoArray(tile, 0 * LANES);
        c10.intoArray(tile, 1 * LANES);
        c20.intoArray(tile, 2 * LANES);
        c30.intoArray(tile, 3 * LANES);
        c40.intoArray(tile, 4 * LANES);
        c50.intoArray(tile, 5 * LANES);
        c60.intoArray(tile, 6 * LANES);
        c70.intoArray(tile, 7 * LANES);
        c80.intoArray(tile, 8 * LANES);
        c90.intoArray(tile, 9 * LANES);
        c100.intoArray(tile, 10 * LANES);
        c110.intoArray(tile, 11 * LANES);
        c120.intoArray(tile, 12 * LANES);
        c130.intoArray(tile, 13 * LANES);
        c140.intoArray(tile, 14 * LANES);
        c150.intoArray(tile, 15 * LANES);
        c160.intoArray(tile, 16 * LANES);
        c170.intoArray(tile, 17 * LANES);
        c180.intoArray(tile, 18 * LANES);
        c190.intoArray(tile, 19 * LANES);
        c200.intoArray(tile, 20 * LANES);
        c210.intoArray(tile, 21 * LANES);
        c220.intoArray(tile, 22 * LANES);
        c230.intoArray(tile, 23 * LANES);
    }

    private static void accumulate6x2(int steps, float[] x, int[] rowBase, int rowStart, int[] offsets, int offsetStart,
                                     float[] b, int bStart, float[] tile) {
        int r0 = rowBase[rowStart + 0]; int r1 = rowBase[rowStart + 1]; int r2 = rowBase[rowStart + 2]; int r3 = rowBase[rowStart + 3]; int r4 = rowBase[rowStart + 4]; int r5 = rowBase[rowStart + 5];
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int offset = offsets[offsetStart + p];
            int bp = bStart + p * NR_WIDE;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, x[r0 + offset]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, x[r1 + offset]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, x[r2 + offset]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, x[r3 + offset]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, x[r4 + offset]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, x[r5 + offset]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(tile, 0 * NR_WIDE);
        c01.intoArray(tile, 0 * NR_WIDE + LANES);
        c10.intoArray(tile, 1 * NR_WIDE);
        c11.intoArray(tile, 1 * NR_WIDE + LANES);
        c20.intoArray(tile, 2 * NR_WIDE);
        c21.intoArray(tile, 2 * NR_WIDE + LANES);
        c30.intoArray(tile, 3 * NR_WIDE);
        c31.intoArray(tile, 3 * NR_WIDE + LANES);
        c40.intoArray(tile, 4 * NR_WIDE);
        c41.intoArray(tile, 4 * NR_WIDE + LANES);
        c50.intoArray(tile, 5 * NR_WIDE);
        c51.intoArray(tile, 5 * NR_WIDE + LANES);
    }

    private static void accumulate12x1(int steps, float[] x, int[] rowBase, int rowStart, int[] offsets, int offsetStart,
                                     float[] b, int bStart, float[] tile) {
        int r0 = rowBase[rowStart + 0]; int r1 = rowBase[rowStart + 1]; int r2 = rowBase[rowStart + 2]; int r3 = rowBase[rowStart + 3]; int r4 = rowBase[rowStart + 4]; int r5 = rowBase[rowStart + 5];
        int r6 = rowBase[rowStart + 6]; int r7 = rowBase[rowStart + 7]; int r8 = rowBase[rowStart + 8]; int r9 = rowBase[rowStart + 9]; int r10 = rowBase[rowStart + 10]; int r11 = rowBase[rowStart + 11];
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES);
        FloatVector c80 = FloatVector.zero(SPECIES);
        FloatVector c90 = FloatVector.zero(SPECIES);
        FloatVector c100 = FloatVector.zero(SPECIES);
        FloatVector c110 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int offset = offsets[offsetStart + p];
            int bp = bStart + p * LANES;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector av = FloatVector.broadcast(SPECIES, x[r0 + offset]);
            c00 = av.fma(b0, c00);
            av = FloatVector.broadcast(SPECIES, x[r1 + offset]);
            c10 = av.fma(b0, c10);
            av = FloatVector.broadcast(SPECIES, x[r2 + offset]);
            c20 = av.fma(b0, c20);
            av = FloatVector.broadcast(SPECIES, x[r3 + offset]);
            c30 = av.fma(b0, c30);
            av = FloatVector.broadcast(SPECIES, x[r4 + offset]);
            c40 = av.fma(b0, c40);
            av = FloatVector.broadcast(SPECIES, x[r5 + offset]);
            c50 = av.fma(b0, c50);
            av = FloatVector.broadcast(SPECIES, x[r6 + offset]);
            c60 = av.fma(b0, c60);
            av = FloatVector.broadcast(SPECIES, x[r7 + offset]);
            c70 = av.fma(b0, c70);
            av = FloatVector.broadcast(SPECIES, x[r8 + offset]);
            c80 = av.fma(b0, c80);
            av = FloatVector.broadcast(SPECIES, x[r9 + offset]);
            c90 = av.fma(b0, c90);
            av = FloatVector.broadcast(SPECIES, x[r10 + offset]);
            c100 = av.fma(b0, c100);
            av = FloatVector.broadcast(SPECIES, x[r11 + offset]);
            c110 = av.fma(b0, c110);
        }
        c00.intoArray(tile, 0 * LANES);
        c10.intoArray(tile, 1 * LANES);
        c20.intoArray(tile, 2 * LANES);
        c30.intoArray(tile, 3 * LANES);
        c40.intoArray(tile, 4 * LANES);
        c50.intoArray(tile, 5 * LANES);
        c60.intoArray(tile, 6 * LANES);
        c70.intoArray(tile, 7 * LANES);
        c80.intoArray(tile, 8 * LANES);
        c90.intoArray(tile, 9 * LANES);
        c100.intoArray(tile, 10 * LANES);
        c110.intoArray(tile, 11 * LANES);
    }
}
