package io.simdnn.kernels.conv;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.RegisterTranspose;

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
 * <p>Two shapes per vector width, from the same register budget as {@link io.simdnn.kernels.gemm.GemmMicroKernelShape}:
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

    /**
     * Whether {@link #accumulateTapRows} has a kernel for panels {@code width} floats wide and
     * filters {@code kernelWidth} wide: two-vector panels on 512-bit vectors, kernels 3 or 5 wide.
     */
    static boolean hasTapRows(int width, int kernelWidth) {
        return WIDE_REGISTERS && width == NR_WIDE && (kernelWidth == 3 || kernelWidth == 5);
    }

    /** Rows of {@link #accumulateTapRows}'s tile: whole kernel rows, 2 of 5 taps or 4 of 3 (20 or 24 accumulators). */
    static int tapRows(int kernelWidth) {
        return kernelWidth == 5 ? 10 : 12;
    }

    /**
     * {@link #accumulate}'s wide tile when its rows are whole kernel rows of taps ({@code
     * tapRows(kernelWidth)} of them from {@code taps[tapStart]}, in (row, kw) order): every row's
     * x elements are read at one row base plus the constants 0 .. KW - 1, so the tile takes one add
     * and one bounds check per kernel row where the table tile takes one per tap. The weight
     * gradient, whose rows are taps, ran at 175 GFLOP/s on the table tile and 203 on these (Zen 5,
     * one core, the default CNN's second layer). Same {@code tile} layout and arithmetic per element.
     *
     * <p>With {@code positionPairs} ({@code steps} even, and every even step's position followed by
     * its right neighbour in the same row: {@code offsets[q + 1] == offsets[q] + 1}) a step takes
     * two positions: position p + 1 reads each kernel row's x one float further on, so a row's
     * KW + 1 broadcasts serve 2 KW taps of both positions and its bounds are checked once for
     * both. Each accumulator still adds position p before p + 1: the same bits. The bounds checks
     * of the second kernel row, whose distance from the first C2 cannot fold into one check, held
     * the single-position tile at 83% of a Zen 4 core's FMA peak in L1; paired, 98%.
     */
    static void accumulateTapRows(int kernelWidth, boolean positionPairs, int steps, float[] x, int[] taps, int tapStart,
                                  int[] offsets, int offsetStart, float[] b, int bStart, float[] tile) {
        if (positionPairs) {
            if (kernelWidth == 5) {
                tapRowPairs2x5(steps, x, taps, tapStart, offsets, offsetStart, b, bStart, tile);
            } else {
                tapRowPairs4x3(steps, x, taps, tapStart, offsets, offsetStart, b, bStart, tile);
            }
        } else if (kernelWidth == 5) {
            tapRows2x5(steps, x, taps, tapStart, offsets, offsetStart, b, bStart, tile);
        } else {
            tapRows4x3(steps, x, taps, tapStart, offsets, offsetStart, b, bStart, tile);
        }
    }

    /** Output positions per row-run tile, one per lane: 16 accumulators on 512-bit vectors, 8 on 256-bit. */
    static final int RUN = LANES;

    /**
     * Positions of the short row-run tile, which stays inside one output row: 14 on 512-bit
     * vectors (a 14-wide row, such as the default CNN's second layer's, in one run), none on
     * 256-bit (0).
     */
    static final int SHORT_RUN = WIDE_REGISTERS ? 14 : 0;

    /**
     * The run length for output rows {@code outW} wide in a padded grid of {@code stride}-float
     * rows: {@link #RUN}-position runs along the grid compute {@code stride} positions per row,
     * {@code stride - outW} of them dropped; short runs inside each row (the last shifted left to
     * end at the row's end) compute {@code SHORT_RUN} per run. Whichever computes fewer per row.
     */
    static int runLength(int outW, int stride) {
        if (SHORT_RUN == 0 || outW < SHORT_RUN) {
            return RUN;
        }
        long shortRunPositions = (long) ((outW + SHORT_RUN - 1) / SHORT_RUN) * SHORT_RUN;
        return shortRunPositions < stride ? SHORT_RUN : RUN;
    }

    /** Whether {@link #accumulateRowRun} has a kernel for filters {@code kernelWidth} wide. */
    static boolean hasRowRun(int kernelWidth) {
        return kernelWidth == 3 || kernelWidth == 5;
    }

    /**
     * A one-vector-wide tile of {@code run} ({@link #RUN} or {@link #SHORT_RUN}) consecutive
     * output positions along a padded row, for a kernel {@code KW} taps wide:
     * <pre>
     *   tile[r][j] = sum over p &lt; steps, kw &lt; KW of x[runBase + rowOffsets[rowStart + p] + r + kw] * w[wStart + (p * KW + kw) * LANES + j]
     * </pre>
     * for {@code r < run}; the tile's other rows are left as they were.
     * Each input element is broadcast once and multiplied by the KW tap vectors it meets, so a
     * step costs RUN + KW - 1 broadcasts for RUN x KW FMAs. A tile with one broadcast per FMA
     * ({@link #accumulate}'s narrow shape) is bound by the broadcasts (about one per cycle on a
     * Zen 5 core): half its FMA rate, where this one runs at the FMA peak in L1.
     */
    static void accumulateRowRun(int run, int kernelWidth, int steps, float[] x, int runBase, int[] rowOffsets, int rowStart,
                                 float[] w, int wStart, float[] tile) {
        if (run == SHORT_RUN) {
            if (kernelWidth == 5) {
                rowRun14x5(steps, x, runBase, rowOffsets, rowStart, w, wStart, tile);
            } else {
                rowRun14x3(steps, x, runBase, rowOffsets, rowStart, w, wStart, tile);
            }
        } else if (WIDE_REGISTERS) {
            if (kernelWidth == 5) {
                rowRun16x5(steps, x, runBase, rowOffsets, rowStart, w, wStart, tile);
            } else {
                rowRun16x3(steps, x, runBase, rowOffsets, rowStart, w, wStart, tile);
            }
        } else if (kernelWidth == 5) {
            rowRun8x5(steps, x, runBase, rowOffsets, rowStart, w, wStart, tile);
        } else {
            rowRun8x3(steps, x, runBase, rowOffsets, rowStart, w, wStart, tile);
        }
    }

    private static final VectorSpecies<Integer> INT_SPECIES = IntVector.SPECIES_PREFERRED;

    /** Gather indices of a row-run tile's column: {@code r * LANES}. */
    private static final int[] COLUMN = columnIndices();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private static int[] columnIndices() {
        int[] index = new int[LANES];
        for (int r = 0; r < LANES; r++) {
            index[r] = r * LANES;
        }
        return index;
    }

    /**
     * Stores a row-run tile ({@code run} positions from grid position g, one column per output
     * plane) into planes of {@code outH x outW} floats: plane j of {@code columns} starts at
     * element {@code planeBase + j * area} of out and gets {@code bias[column0 + j]} added unless
     * bias is null. Each column becomes one vector of positions (on 512-bit vectors the tile is
     * transposed in registers, {@link RegisterTranspose}; otherwise each column is gathered) and is
     * stored with one masked store per output row it touches; positions in the grid's columns past
     * outW are dropped. Register permutes, because 16 gathers per tile cost a row-run tile's
     * epilogue about half its time.
     */
    static void storeRun(float[] tile, int run, int g, int stride, int outH, int outW, long planeBase, long area, int columns,
                         MemorySegment bias, int column0, MemorySegment out) {
        if (stride < run) {
            storeRunAcrossRows(tile, g, stride, outH, outW, planeBase, area, columns, bias, column0, out);
            return;
        }
        // A run no longer than a row touches at most two output rows: the two segments are
        // worked out once and every column stores through them.
        int row = g / stride;
        int from0 = Math.max(row * stride - g, 0), to0 = Math.min(row * stride + outW - g, run);
        int from1 = Math.max((row + 1) * stride - g, 0), to1 = Math.min((row + 1) * stride + outW - g, run);
        boolean first = row < outH && from0 < to0;
        boolean second = row + 1 < outH && from1 < to1;
        VectorMask<Float> lanes0 = VectorMask.fromLong(SPECIES, first ? (-1L >>> (64 - to0)) & (-1L << from0) : 0);
        VectorMask<Float> lanes1 = VectorMask.fromLong(SPECIES, second ? (-1L >>> (64 - to1)) & (-1L << from1) : 0);
        long laneZero0 = (long) row * outW + g - (long) row * stride;
        long laneZero1 = laneZero0 + outW - stride;
        int[] transposed = null;
        if (RegisterTranspose.AVAILABLE) {
            RegisterTranspose.Blocks blocks = RegisterTranspose.blocks();
            RegisterTranspose.transpose(tile, blocks.work, blocks.out);
            transposed = blocks.out;
        }
        for (int j = 0; j < columns; j++) {
            FloatVector v = RegisterTranspose.AVAILABLE
                    ? IntVector.fromArray(INT_SPECIES, transposed, j * LANES).reinterpretAsFloats()
                    : FloatVector.fromArray(SPECIES, tile, j, COLUMN, 0);
            if (bias != null) {
                v = v.add(bias.getAtIndex(Buffers.FLOAT, column0 + j));
            }
            long plane = planeBase + j * area;
            if (first) {
                v.intoMemorySegment(out, (plane + laneZero0) * Float.BYTES, ORDER, lanes0);
            }
            if (second) {
                v.intoMemorySegment(out, (plane + laneZero1) * Float.BYTES, ORDER, lanes1);
            }
        }
    }

    /**
     * {@link #storeRun} for rows shorter than a run (small images): element by element. Masks
     * that change from row to row inside the loop are boxed by C2 (16 bytes each), and a
     * steady-state training step allocates nothing.
     */
    private static void storeRunAcrossRows(float[] tile, int g, int stride, int outH, int outW, long planeBase, long area,
                                           int columns, MemorySegment bias, int column0, MemorySegment out) {
        for (int r = 0; r < RUN; r++) {
            int oh = (g + r) / stride, ow = g + r - oh * stride;
            if (oh >= outH || ow >= outW) {
                continue;
            }
            long at = planeBase + (long) oh * outW + ow;
            for (int j = 0; j < columns; j++) {
                float v = tile[r * LANES + j];
                if (bias != null) {
                    v += bias.getAtIndex(Buffers.FLOAT, column0 + j);
                }
                out.setAtIndex(Buffers.FLOAT, at + j * area, v);
            }
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

    private static void rowRun16x3(int steps, float[] x, int runBase, int[] rowOffsets, int rowStart, float[] w, int wStart,
                                  float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES);
        FloatVector c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES);
        FloatVector c7 = FloatVector.zero(SPECIES);
        FloatVector c8 = FloatVector.zero(SPECIES);
        FloatVector c9 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c13 = FloatVector.zero(SPECIES);
        FloatVector c14 = FloatVector.zero(SPECIES);
        FloatVector c15 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int at = runBase + rowOffsets[rowStart + p];
            int wp = wStart + p * 3 * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wp + 0 * LANES);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wp + 1 * LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wp + 2 * LANES);
            FloatVector v0 = FloatVector.broadcast(SPECIES, x[at + 0]);
            c0 = v0.fma(w0, c0);
            FloatVector v1 = FloatVector.broadcast(SPECIES, x[at + 1]);
            c1 = v1.fma(w0, c1);
            c0 = v1.fma(w1, c0);
            FloatVector v2 = FloatVector.broadcast(SPECIES, x[at + 2]);
            c2 = v2.fma(w0, c2);
            c1 = v2.fma(w1, c1);
            c0 = v2.fma(w2, c0);
            FloatVector v3 = FloatVector.broadcast(SPECIES, x[at + 3]);
            c3 = v3.fma(w0, c3);
            c2 = v3.fma(w1, c2);
            c1 = v3.fma(w2, c1);
            FloatVector v4 = FloatVector.broadcast(SPECIES, x[at + 4]);
            c4 = v4.fma(w0, c4);
            c3 = v4.fma(w1, c3);
            c2 = v4.fma(w2, c2);
            FloatVector v5 = FloatVector.broadcast(SPECIES, x[at + 5]);
            c5 = v5.fma(w0, c5);
            c4 = v5.fma(w1, c4);
            c3 = v5.fma(w2, c3);
            FloatVector v6 = FloatVector.broadcast(SPECIES, x[at + 6]);
            c6 = v6.fma(w0, c6);
            c5 = v6.fma(w1, c5);
            c4 = v6.fma(w2, c4);
            FloatVector v7 = FloatVector.broadcast(SPECIES, x[at + 7]);
            c7 = v7.fma(w0, c7);
            c6 = v7.fma(w1, c6);
            c5 = v7.fma(w2, c5);
            FloatVector v8 = FloatVector.broadcast(SPECIES, x[at + 8]);
            c8 = v8.fma(w0, c8);
            c7 = v8.fma(w1, c7);
            c6 = v8.fma(w2, c6);
            FloatVector v9 = FloatVector.broadcast(SPECIES, x[at + 9]);
            c9 = v9.fma(w0, c9);
            c8 = v9.fma(w1, c8);
            c7 = v9.fma(w2, c7);
            FloatVector v10 = FloatVector.broadcast(SPECIES, x[at + 10]);
            c10 = v10.fma(w0, c10);
            c9 = v10.fma(w1, c9);
            c8 = v10.fma(w2, c8);
            FloatVector v11 = FloatVector.broadcast(SPECIES, x[at + 11]);
            c11 = v11.fma(w0, c11);
            c10 = v11.fma(w1, c10);
            c9 = v11.fma(w2, c9);
            FloatVector v12 = FloatVector.broadcast(SPECIES, x[at + 12]);
            c12 = v12.fma(w0, c12);
            c11 = v12.fma(w1, c11);
            c10 = v12.fma(w2, c10);
            FloatVector v13 = FloatVector.broadcast(SPECIES, x[at + 13]);
            c13 = v13.fma(w0, c13);
            c12 = v13.fma(w1, c12);
            c11 = v13.fma(w2, c11);
            FloatVector v14 = FloatVector.broadcast(SPECIES, x[at + 14]);
            c14 = v14.fma(w0, c14);
            c13 = v14.fma(w1, c13);
            c12 = v14.fma(w2, c12);
            FloatVector v15 = FloatVector.broadcast(SPECIES, x[at + 15]);
            c15 = v15.fma(w0, c15);
            c14 = v15.fma(w1, c14);
            c13 = v15.fma(w2, c13);
            FloatVector v16 = FloatVector.broadcast(SPECIES, x[at + 16]);
            c15 = v16.fma(w1, c15);
            c14 = v16.fma(w2, c14);
            FloatVector v17 = FloatVector.broadcast(SPECIES, x[at + 17]);
            c15 = v17.fma(w2, c15);
        }
        c0.intoArray(tile, 0 * LANES);
        c1.intoArray(tile, 1 * LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
        c8.intoArray(tile, 8 * LANES);
        c9.intoArray(tile, 9 * LANES);
        c10.intoArray(tile, 10 * LANES);
        c11.intoArray(tile, 11 * LANES);
        c12.intoArray(tile, 12 * LANES);
        c13.intoArray(tile, 13 * LANES);
        c14.intoArray(tile, 14 * LANES);
        c15.intoArray(tile, 15 * LANES);
    }

    private static void rowRun16x5(int steps, float[] x, int runBase, int[] rowOffsets, int rowStart, float[] w, int wStart,
                                  float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES);
        FloatVector c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES);
        FloatVector c7 = FloatVector.zero(SPECIES);
        FloatVector c8 = FloatVector.zero(SPECIES);
        FloatVector c9 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c13 = FloatVector.zero(SPECIES);
        FloatVector c14 = FloatVector.zero(SPECIES);
        FloatVector c15 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int at = runBase + rowOffsets[rowStart + p];
            int wp = wStart + p * 5 * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wp + 0 * LANES);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wp + 1 * LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wp + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, w, wp + 3 * LANES);
            FloatVector w4 = FloatVector.fromArray(SPECIES, w, wp + 4 * LANES);
            FloatVector v0 = FloatVector.broadcast(SPECIES, x[at + 0]);
            c0 = v0.fma(w0, c0);
            FloatVector v1 = FloatVector.broadcast(SPECIES, x[at + 1]);
            c1 = v1.fma(w0, c1);
            c0 = v1.fma(w1, c0);
            FloatVector v2 = FloatVector.broadcast(SPECIES, x[at + 2]);
            c2 = v2.fma(w0, c2);
            c1 = v2.fma(w1, c1);
            c0 = v2.fma(w2, c0);
            FloatVector v3 = FloatVector.broadcast(SPECIES, x[at + 3]);
            c3 = v3.fma(w0, c3);
            c2 = v3.fma(w1, c2);
            c1 = v3.fma(w2, c1);
            c0 = v3.fma(w3, c0);
            FloatVector v4 = FloatVector.broadcast(SPECIES, x[at + 4]);
            c4 = v4.fma(w0, c4);
            c3 = v4.fma(w1, c3);
            c2 = v4.fma(w2, c2);
            c1 = v4.fma(w3, c1);
            c0 = v4.fma(w4, c0);
            FloatVector v5 = FloatVector.broadcast(SPECIES, x[at + 5]);
            c5 = v5.fma(w0, c5);
            c4 = v5.fma(w1, c4);
            c3 = v5.fma(w2, c3);
            c2 = v5.fma(w3, c2);
            c1 = v5.fma(w4, c1);
            FloatVector v6 = FloatVector.broadcast(SPECIES, x[at + 6]);
            c6 = v6.fma(w0, c6);
            c5 = v6.fma(w1, c5);
            c4 = v6.fma(w2, c4);
            c3 = v6.fma(w3, c3);
            c2 = v6.fma(w4, c2);
            FloatVector v7 = FloatVector.broadcast(SPECIES, x[at + 7]);
            c7 = v7.fma(w0, c7);
            c6 = v7.fma(w1, c6);
            c5 = v7.fma(w2, c5);
            c4 = v7.fma(w3, c4);
            c3 = v7.fma(w4, c3);
            FloatVector v8 = FloatVector.broadcast(SPECIES, x[at + 8]);
            c8 = v8.fma(w0, c8);
            c7 = v8.fma(w1, c7);
            c6 = v8.fma(w2, c6);
            c5 = v8.fma(w3, c5);
            c4 = v8.fma(w4, c4);
            FloatVector v9 = FloatVector.broadcast(SPECIES, x[at + 9]);
            c9 = v9.fma(w0, c9);
            c8 = v9.fma(w1, c8);
            c7 = v9.fma(w2, c7);
            c6 = v9.fma(w3, c6);
            c5 = v9.fma(w4, c5);
            FloatVector v10 = FloatVector.broadcast(SPECIES, x[at + 10]);
            c10 = v10.fma(w0, c10);
            c9 = v10.fma(w1, c9);
            c8 = v10.fma(w2, c8);
            c7 = v10.fma(w3, c7);
            c6 = v10.fma(w4, c6);
            FloatVector v11 = FloatVector.broadcast(SPECIES, x[at + 11]);
            c11 = v11.fma(w0, c11);
            c10 = v11.fma(w1, c10);
            c9 = v11.fma(w2, c9);
            c8 = v11.fma(w3, c8);
            c7 = v11.fma(w4, c7);
            FloatVector v12 = FloatVector.broadcast(SPECIES, x[at + 12]);
            c12 = v12.fma(w0, c12);
            c11 = v12.fma(w1, c11);
            c10 = v12.fma(w2, c10);
            c9 = v12.fma(w3, c9);
            c8 = v12.fma(w4, c8);
            FloatVector v13 = FloatVector.broadcast(SPECIES, x[at + 13]);
            c13 = v13.fma(w0, c13);
            c12 = v13.fma(w1, c12);
            c11 = v13.fma(w2, c11);
            c10 = v13.fma(w3, c10);
            c9 = v13.fma(w4, c9);
            FloatVector v14 = FloatVector.broadcast(SPECIES, x[at + 14]);
            c14 = v14.fma(w0, c14);
            c13 = v14.fma(w1, c13);
            c12 = v14.fma(w2, c12);
            c11 = v14.fma(w3, c11);
            c10 = v14.fma(w4, c10);
            FloatVector v15 = FloatVector.broadcast(SPECIES, x[at + 15]);
            c15 = v15.fma(w0, c15);
            c14 = v15.fma(w1, c14);
            c13 = v15.fma(w2, c13);
            c12 = v15.fma(w3, c12);
            c11 = v15.fma(w4, c11);
            FloatVector v16 = FloatVector.broadcast(SPECIES, x[at + 16]);
            c15 = v16.fma(w1, c15);
            c14 = v16.fma(w2, c14);
            c13 = v16.fma(w3, c13);
            c12 = v16.fma(w4, c12);
            FloatVector v17 = FloatVector.broadcast(SPECIES, x[at + 17]);
            c15 = v17.fma(w2, c15);
            c14 = v17.fma(w3, c14);
            c13 = v17.fma(w4, c13);
            FloatVector v18 = FloatVector.broadcast(SPECIES, x[at + 18]);
            c15 = v18.fma(w3, c15);
            c14 = v18.fma(w4, c14);
            FloatVector v19 = FloatVector.broadcast(SPECIES, x[at + 19]);
            c15 = v19.fma(w4, c15);
        }
        c0.intoArray(tile, 0 * LANES);
        c1.intoArray(tile, 1 * LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
        c8.intoArray(tile, 8 * LANES);
        c9.intoArray(tile, 9 * LANES);
        c10.intoArray(tile, 10 * LANES);
        c11.intoArray(tile, 11 * LANES);
        c12.intoArray(tile, 12 * LANES);
        c13.intoArray(tile, 13 * LANES);
        c14.intoArray(tile, 14 * LANES);
        c15.intoArray(tile, 15 * LANES);
    }

    private static void rowRun14x3(int steps, float[] x, int runBase, int[] rowOffsets, int rowStart, float[] w, int wStart,
                                  float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES);
        FloatVector c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES);
        FloatVector c7 = FloatVector.zero(SPECIES);
        FloatVector c8 = FloatVector.zero(SPECIES);
        FloatVector c9 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c13 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int at = runBase + rowOffsets[rowStart + p];
            int wp = wStart + p * 3 * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wp + 0 * LANES);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wp + 1 * LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wp + 2 * LANES);
            FloatVector v0 = FloatVector.broadcast(SPECIES, x[at + 0]);
            c0 = v0.fma(w0, c0);
            FloatVector v1 = FloatVector.broadcast(SPECIES, x[at + 1]);
            c1 = v1.fma(w0, c1);
            c0 = v1.fma(w1, c0);
            FloatVector v2 = FloatVector.broadcast(SPECIES, x[at + 2]);
            c2 = v2.fma(w0, c2);
            c1 = v2.fma(w1, c1);
            c0 = v2.fma(w2, c0);
            FloatVector v3 = FloatVector.broadcast(SPECIES, x[at + 3]);
            c3 = v3.fma(w0, c3);
            c2 = v3.fma(w1, c2);
            c1 = v3.fma(w2, c1);
            FloatVector v4 = FloatVector.broadcast(SPECIES, x[at + 4]);
            c4 = v4.fma(w0, c4);
            c3 = v4.fma(w1, c3);
            c2 = v4.fma(w2, c2);
            FloatVector v5 = FloatVector.broadcast(SPECIES, x[at + 5]);
            c5 = v5.fma(w0, c5);
            c4 = v5.fma(w1, c4);
            c3 = v5.fma(w2, c3);
            FloatVector v6 = FloatVector.broadcast(SPECIES, x[at + 6]);
            c6 = v6.fma(w0, c6);
            c5 = v6.fma(w1, c5);
            c4 = v6.fma(w2, c4);
            FloatVector v7 = FloatVector.broadcast(SPECIES, x[at + 7]);
            c7 = v7.fma(w0, c7);
            c6 = v7.fma(w1, c6);
            c5 = v7.fma(w2, c5);
            FloatVector v8 = FloatVector.broadcast(SPECIES, x[at + 8]);
            c8 = v8.fma(w0, c8);
            c7 = v8.fma(w1, c7);
            c6 = v8.fma(w2, c6);
            FloatVector v9 = FloatVector.broadcast(SPECIES, x[at + 9]);
            c9 = v9.fma(w0, c9);
            c8 = v9.fma(w1, c8);
            c7 = v9.fma(w2, c7);
            FloatVector v10 = FloatVector.broadcast(SPECIES, x[at + 10]);
            c10 = v10.fma(w0, c10);
            c9 = v10.fma(w1, c9);
            c8 = v10.fma(w2, c8);
            FloatVector v11 = FloatVector.broadcast(SPECIES, x[at + 11]);
            c11 = v11.fma(w0, c11);
            c10 = v11.fma(w1, c10);
            c9 = v11.fma(w2, c9);
            FloatVector v12 = FloatVector.broadcast(SPECIES, x[at + 12]);
            c12 = v12.fma(w0, c12);
            c11 = v12.fma(w1, c11);
            c10 = v12.fma(w2, c10);
            FloatVector v13 = FloatVector.broadcast(SPECIES, x[at + 13]);
            c13 = v13.fma(w0, c13);
            c12 = v13.fma(w1, c12);
            c11 = v13.fma(w2, c11);
            FloatVector v14 = FloatVector.broadcast(SPECIES, x[at + 14]);
            c13 = v14.fma(w1, c13);
            c12 = v14.fma(w2, c12);
            FloatVector v15 = FloatVector.broadcast(SPECIES, x[at + 15]);
            c13 = v15.fma(w2, c13);
        }
        c0.intoArray(tile, 0 * LANES);
        c1.intoArray(tile, 1 * LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
        c8.intoArray(tile, 8 * LANES);
        c9.intoArray(tile, 9 * LANES);
        c10.intoArray(tile, 10 * LANES);
        c11.intoArray(tile, 11 * LANES);
        c12.intoArray(tile, 12 * LANES);
        c13.intoArray(tile, 13 * LANES);
    }

    private static void rowRun14x5(int steps, float[] x, int runBase, int[] rowOffsets, int rowStart, float[] w, int wStart,
                                  float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES);
        FloatVector c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES);
        FloatVector c7 = FloatVector.zero(SPECIES);
        FloatVector c8 = FloatVector.zero(SPECIES);
        FloatVector c9 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c13 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int at = runBase + rowOffsets[rowStart + p];
            int wp = wStart + p * 5 * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wp + 0 * LANES);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wp + 1 * LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wp + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, w, wp + 3 * LANES);
            FloatVector w4 = FloatVector.fromArray(SPECIES, w, wp + 4 * LANES);
            FloatVector v0 = FloatVector.broadcast(SPECIES, x[at + 0]);
            c0 = v0.fma(w0, c0);
            FloatVector v1 = FloatVector.broadcast(SPECIES, x[at + 1]);
            c1 = v1.fma(w0, c1);
            c0 = v1.fma(w1, c0);
            FloatVector v2 = FloatVector.broadcast(SPECIES, x[at + 2]);
            c2 = v2.fma(w0, c2);
            c1 = v2.fma(w1, c1);
            c0 = v2.fma(w2, c0);
            FloatVector v3 = FloatVector.broadcast(SPECIES, x[at + 3]);
            c3 = v3.fma(w0, c3);
            c2 = v3.fma(w1, c2);
            c1 = v3.fma(w2, c1);
            c0 = v3.fma(w3, c0);
            FloatVector v4 = FloatVector.broadcast(SPECIES, x[at + 4]);
            c4 = v4.fma(w0, c4);
            c3 = v4.fma(w1, c3);
            c2 = v4.fma(w2, c2);
            c1 = v4.fma(w3, c1);
            c0 = v4.fma(w4, c0);
            FloatVector v5 = FloatVector.broadcast(SPECIES, x[at + 5]);
            c5 = v5.fma(w0, c5);
            c4 = v5.fma(w1, c4);
            c3 = v5.fma(w2, c3);
            c2 = v5.fma(w3, c2);
            c1 = v5.fma(w4, c1);
            FloatVector v6 = FloatVector.broadcast(SPECIES, x[at + 6]);
            c6 = v6.fma(w0, c6);
            c5 = v6.fma(w1, c5);
            c4 = v6.fma(w2, c4);
            c3 = v6.fma(w3, c3);
            c2 = v6.fma(w4, c2);
            FloatVector v7 = FloatVector.broadcast(SPECIES, x[at + 7]);
            c7 = v7.fma(w0, c7);
            c6 = v7.fma(w1, c6);
            c5 = v7.fma(w2, c5);
            c4 = v7.fma(w3, c4);
            c3 = v7.fma(w4, c3);
            FloatVector v8 = FloatVector.broadcast(SPECIES, x[at + 8]);
            c8 = v8.fma(w0, c8);
            c7 = v8.fma(w1, c7);
            c6 = v8.fma(w2, c6);
            c5 = v8.fma(w3, c5);
            c4 = v8.fma(w4, c4);
            FloatVector v9 = FloatVector.broadcast(SPECIES, x[at + 9]);
            c9 = v9.fma(w0, c9);
            c8 = v9.fma(w1, c8);
            c7 = v9.fma(w2, c7);
            c6 = v9.fma(w3, c6);
            c5 = v9.fma(w4, c5);
            FloatVector v10 = FloatVector.broadcast(SPECIES, x[at + 10]);
            c10 = v10.fma(w0, c10);
            c9 = v10.fma(w1, c9);
            c8 = v10.fma(w2, c8);
            c7 = v10.fma(w3, c7);
            c6 = v10.fma(w4, c6);
            FloatVector v11 = FloatVector.broadcast(SPECIES, x[at + 11]);
            c11 = v11.fma(w0, c11);
            c10 = v11.fma(w1, c10);
            c9 = v11.fma(w2, c9);
            c8 = v11.fma(w3, c8);
            c7 = v11.fma(w4, c7);
            FloatVector v12 = FloatVector.broadcast(SPECIES, x[at + 12]);
            c12 = v12.fma(w0, c12);
            c11 = v12.fma(w1, c11);
            c10 = v12.fma(w2, c10);
            c9 = v12.fma(w3, c9);
            c8 = v12.fma(w4, c8);
            FloatVector v13 = FloatVector.broadcast(SPECIES, x[at + 13]);
            c13 = v13.fma(w0, c13);
            c12 = v13.fma(w1, c12);
            c11 = v13.fma(w2, c11);
            c10 = v13.fma(w3, c10);
            c9 = v13.fma(w4, c9);
            FloatVector v14 = FloatVector.broadcast(SPECIES, x[at + 14]);
            c13 = v14.fma(w1, c13);
            c12 = v14.fma(w2, c12);
            c11 = v14.fma(w3, c11);
            c10 = v14.fma(w4, c10);
            FloatVector v15 = FloatVector.broadcast(SPECIES, x[at + 15]);
            c13 = v15.fma(w2, c13);
            c12 = v15.fma(w3, c12);
            c11 = v15.fma(w4, c11);
            FloatVector v16 = FloatVector.broadcast(SPECIES, x[at + 16]);
            c13 = v16.fma(w3, c13);
            c12 = v16.fma(w4, c12);
            FloatVector v17 = FloatVector.broadcast(SPECIES, x[at + 17]);
            c13 = v17.fma(w4, c13);
        }
        c0.intoArray(tile, 0 * LANES);
        c1.intoArray(tile, 1 * LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
        c8.intoArray(tile, 8 * LANES);
        c9.intoArray(tile, 9 * LANES);
        c10.intoArray(tile, 10 * LANES);
        c11.intoArray(tile, 11 * LANES);
        c12.intoArray(tile, 12 * LANES);
        c13.intoArray(tile, 13 * LANES);
    }

    private static void rowRun8x3(int steps, float[] x, int runBase, int[] rowOffsets, int rowStart, float[] w, int wStart,
                                  float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES);
        FloatVector c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES);
        FloatVector c7 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int at = runBase + rowOffsets[rowStart + p];
            int wp = wStart + p * 3 * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wp + 0 * LANES);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wp + 1 * LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wp + 2 * LANES);
            FloatVector v0 = FloatVector.broadcast(SPECIES, x[at + 0]);
            c0 = v0.fma(w0, c0);
            FloatVector v1 = FloatVector.broadcast(SPECIES, x[at + 1]);
            c1 = v1.fma(w0, c1);
            c0 = v1.fma(w1, c0);
            FloatVector v2 = FloatVector.broadcast(SPECIES, x[at + 2]);
            c2 = v2.fma(w0, c2);
            c1 = v2.fma(w1, c1);
            c0 = v2.fma(w2, c0);
            FloatVector v3 = FloatVector.broadcast(SPECIES, x[at + 3]);
            c3 = v3.fma(w0, c3);
            c2 = v3.fma(w1, c2);
            c1 = v3.fma(w2, c1);
            FloatVector v4 = FloatVector.broadcast(SPECIES, x[at + 4]);
            c4 = v4.fma(w0, c4);
            c3 = v4.fma(w1, c3);
            c2 = v4.fma(w2, c2);
            FloatVector v5 = FloatVector.broadcast(SPECIES, x[at + 5]);
            c5 = v5.fma(w0, c5);
            c4 = v5.fma(w1, c4);
            c3 = v5.fma(w2, c3);
            FloatVector v6 = FloatVector.broadcast(SPECIES, x[at + 6]);
            c6 = v6.fma(w0, c6);
            c5 = v6.fma(w1, c5);
            c4 = v6.fma(w2, c4);
            FloatVector v7 = FloatVector.broadcast(SPECIES, x[at + 7]);
            c7 = v7.fma(w0, c7);
            c6 = v7.fma(w1, c6);
            c5 = v7.fma(w2, c5);
            FloatVector v8 = FloatVector.broadcast(SPECIES, x[at + 8]);
            c7 = v8.fma(w1, c7);
            c6 = v8.fma(w2, c6);
            FloatVector v9 = FloatVector.broadcast(SPECIES, x[at + 9]);
            c7 = v9.fma(w2, c7);
        }
        c0.intoArray(tile, 0 * LANES);
        c1.intoArray(tile, 1 * LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
    }

    private static void rowRun8x5(int steps, float[] x, int runBase, int[] rowOffsets, int rowStart, float[] w, int wStart,
                                  float[] tile) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        FloatVector c4 = FloatVector.zero(SPECIES);
        FloatVector c5 = FloatVector.zero(SPECIES);
        FloatVector c6 = FloatVector.zero(SPECIES);
        FloatVector c7 = FloatVector.zero(SPECIES);
        for (int p = 0; p < steps; p++) {
            int at = runBase + rowOffsets[rowStart + p];
            int wp = wStart + p * 5 * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wp + 0 * LANES);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wp + 1 * LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wp + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(SPECIES, w, wp + 3 * LANES);
            FloatVector w4 = FloatVector.fromArray(SPECIES, w, wp + 4 * LANES);
            FloatVector v0 = FloatVector.broadcast(SPECIES, x[at + 0]);
            c0 = v0.fma(w0, c0);
            FloatVector v1 = FloatVector.broadcast(SPECIES, x[at + 1]);
            c1 = v1.fma(w0, c1);
            c0 = v1.fma(w1, c0);
            FloatVector v2 = FloatVector.broadcast(SPECIES, x[at + 2]);
            c2 = v2.fma(w0, c2);
            c1 = v2.fma(w1, c1);
            c0 = v2.fma(w2, c0);
            FloatVector v3 = FloatVector.broadcast(SPECIES, x[at + 3]);
            c3 = v3.fma(w0, c3);
            c2 = v3.fma(w1, c2);
            c1 = v3.fma(w2, c1);
            c0 = v3.fma(w3, c0);
            FloatVector v4 = FloatVector.broadcast(SPECIES, x[at + 4]);
            c4 = v4.fma(w0, c4);
            c3 = v4.fma(w1, c3);
            c2 = v4.fma(w2, c2);
            c1 = v4.fma(w3, c1);
            c0 = v4.fma(w4, c0);
            FloatVector v5 = FloatVector.broadcast(SPECIES, x[at + 5]);
            c5 = v5.fma(w0, c5);
            c4 = v5.fma(w1, c4);
            c3 = v5.fma(w2, c3);
            c2 = v5.fma(w3, c2);
            c1 = v5.fma(w4, c1);
            FloatVector v6 = FloatVector.broadcast(SPECIES, x[at + 6]);
            c6 = v6.fma(w0, c6);
            c5 = v6.fma(w1, c5);
            c4 = v6.fma(w2, c4);
            c3 = v6.fma(w3, c3);
            c2 = v6.fma(w4, c2);
            FloatVector v7 = FloatVector.broadcast(SPECIES, x[at + 7]);
            c7 = v7.fma(w0, c7);
            c6 = v7.fma(w1, c6);
            c5 = v7.fma(w2, c5);
            c4 = v7.fma(w3, c4);
            c3 = v7.fma(w4, c3);
            FloatVector v8 = FloatVector.broadcast(SPECIES, x[at + 8]);
            c7 = v8.fma(w1, c7);
            c6 = v8.fma(w2, c6);
            c5 = v8.fma(w3, c5);
            c4 = v8.fma(w4, c4);
            FloatVector v9 = FloatVector.broadcast(SPECIES, x[at + 9]);
            c7 = v9.fma(w2, c7);
            c6 = v9.fma(w3, c6);
            c5 = v9.fma(w4, c5);
            FloatVector v10 = FloatVector.broadcast(SPECIES, x[at + 10]);
            c7 = v10.fma(w3, c7);
            c6 = v10.fma(w4, c6);
            FloatVector v11 = FloatVector.broadcast(SPECIES, x[at + 11]);
            c7 = v11.fma(w4, c7);
        }
        c0.intoArray(tile, 0 * LANES);
        c1.intoArray(tile, 1 * LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
    }

    private static void tapRows2x5(int steps, float[] x, int[] taps, int tapStart, int[] offsets, int offsetStart,
                                   float[] b, int bStart, float[] tile) {
        int r0 = taps[tapStart + 0]; int r1 = taps[tapStart + 5];
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
        for (int p = 0; p < steps; p++) {
            int offset = offsets[offsetStart + p];
            int bp = bStart + p * NR_WIDE;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            int a0 = r0 + offset;
            FloatVector av = FloatVector.broadcast(SPECIES, x[a0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, x[a0 + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, x[a0 + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, x[a0 + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, x[a0 + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            int a1 = r1 + offset;
            av = FloatVector.broadcast(SPECIES, x[a1]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(SPECIES, x[a1 + 1]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, x[a1 + 2]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(SPECIES, x[a1 + 3]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(SPECIES, x[a1 + 4]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
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
    }

    private static void tapRows4x3(int steps, float[] x, int[] taps, int tapStart, int[] offsets, int offsetStart,
                                   float[] b, int bStart, float[] tile) {
        int r0 = taps[tapStart + 0]; int r1 = taps[tapStart + 3]; int r2 = taps[tapStart + 6]; int r3 = taps[tapStart + 9];
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
            int a0 = r0 + offset;
            FloatVector av = FloatVector.broadcast(SPECIES, x[a0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, x[a0 + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, x[a0 + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            int a1 = r1 + offset;
            av = FloatVector.broadcast(SPECIES, x[a1]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, x[a1 + 1]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, x[a1 + 2]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            int a2 = r2 + offset;
            av = FloatVector.broadcast(SPECIES, x[a2]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, x[a2 + 1]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(SPECIES, x[a2 + 2]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            int a3 = r3 + offset;
            av = FloatVector.broadcast(SPECIES, x[a3]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(SPECIES, x[a3 + 1]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            av = FloatVector.broadcast(SPECIES, x[a3 + 2]);
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

    private static void tapRowPairs2x5(int steps, float[] x, int[] taps, int tapStart, int[] offsets, int offsetStart,
                                        float[] b, int bStart, float[] tile) {
        int r0 = taps[tapStart + 0]; int r1 = taps[tapStart + 5];
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
        for (int p = 0; p < steps; p += 2) {
            // positions p and p + 1 are neighbours in one row: p + 1 reads x one float further on
            int offset = offsets[offsetStart + p];
            int bp = bStart + p * NR_WIDE;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector d0 = FloatVector.fromArray(SPECIES, b, bp + NR_WIDE);
            FloatVector d1 = FloatVector.fromArray(SPECIES, b, bp + NR_WIDE + LANES);
            FloatVector av;
            int a0 = r0 + offset;
            av = FloatVector.broadcast(SPECIES, x[a0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, x[a0 + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c00 = av.fma(d0, c00);
            c01 = av.fma(d1, c01);
            av = FloatVector.broadcast(SPECIES, x[a0 + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c10 = av.fma(d0, c10);
            c11 = av.fma(d1, c11);
            av = FloatVector.broadcast(SPECIES, x[a0 + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            c20 = av.fma(d0, c20);
            c21 = av.fma(d1, c21);
            av = FloatVector.broadcast(SPECIES, x[a0 + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            c30 = av.fma(d0, c30);
            c31 = av.fma(d1, c31);
            av = FloatVector.broadcast(SPECIES, x[a0 + 5]);
            c40 = av.fma(d0, c40);
            c41 = av.fma(d1, c41);
            int a1 = r1 + offset;
            av = FloatVector.broadcast(SPECIES, x[a1]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(SPECIES, x[a1 + 1]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            c50 = av.fma(d0, c50);
            c51 = av.fma(d1, c51);
            av = FloatVector.broadcast(SPECIES, x[a1 + 2]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            c60 = av.fma(d0, c60);
            c61 = av.fma(d1, c61);
            av = FloatVector.broadcast(SPECIES, x[a1 + 3]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            c70 = av.fma(d0, c70);
            c71 = av.fma(d1, c71);
            av = FloatVector.broadcast(SPECIES, x[a1 + 4]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            c80 = av.fma(d0, c80);
            c81 = av.fma(d1, c81);
            av = FloatVector.broadcast(SPECIES, x[a1 + 5]);
            c90 = av.fma(d0, c90);
            c91 = av.fma(d1, c91);
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
    }

    private static void tapRowPairs4x3(int steps, float[] x, int[] taps, int tapStart, int[] offsets, int offsetStart,
                                        float[] b, int bStart, float[] tile) {
        int r0 = taps[tapStart + 0]; int r1 = taps[tapStart + 3]; int r2 = taps[tapStart + 6]; int r3 = taps[tapStart + 9];
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
        for (int p = 0; p < steps; p += 2) {
            // positions p and p + 1 are neighbours in one row: p + 1 reads x one float further on
            int offset = offsets[offsetStart + p];
            int bp = bStart + p * NR_WIDE;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector d0 = FloatVector.fromArray(SPECIES, b, bp + NR_WIDE);
            FloatVector d1 = FloatVector.fromArray(SPECIES, b, bp + NR_WIDE + LANES);
            FloatVector av;
            int a0 = r0 + offset;
            av = FloatVector.broadcast(SPECIES, x[a0]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, x[a0 + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            c00 = av.fma(d0, c00);
            c01 = av.fma(d1, c01);
            av = FloatVector.broadcast(SPECIES, x[a0 + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            c10 = av.fma(d0, c10);
            c11 = av.fma(d1, c11);
            av = FloatVector.broadcast(SPECIES, x[a0 + 3]);
            c20 = av.fma(d0, c20);
            c21 = av.fma(d1, c21);
            int a1 = r1 + offset;
            av = FloatVector.broadcast(SPECIES, x[a1]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, x[a1 + 1]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            c30 = av.fma(d0, c30);
            c31 = av.fma(d1, c31);
            av = FloatVector.broadcast(SPECIES, x[a1 + 2]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            c40 = av.fma(d0, c40);
            c41 = av.fma(d1, c41);
            av = FloatVector.broadcast(SPECIES, x[a1 + 3]);
            c50 = av.fma(d0, c50);
            c51 = av.fma(d1, c51);
            int a2 = r2 + offset;
            av = FloatVector.broadcast(SPECIES, x[a2]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, x[a2 + 1]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            c60 = av.fma(d0, c60);
            c61 = av.fma(d1, c61);
            av = FloatVector.broadcast(SPECIES, x[a2 + 2]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            c70 = av.fma(d0, c70);
            c71 = av.fma(d1, c71);
            av = FloatVector.broadcast(SPECIES, x[a2 + 3]);
            c80 = av.fma(d0, c80);
            c81 = av.fma(d1, c81);
            int a3 = r3 + offset;
            av = FloatVector.broadcast(SPECIES, x[a3]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(SPECIES, x[a3 + 1]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            c90 = av.fma(d0, c90);
            c91 = av.fma(d1, c91);
            av = FloatVector.broadcast(SPECIES, x[a3 + 2]);
            c110 = av.fma(b0, c110);
            c111 = av.fma(b1, c111);
            c100 = av.fma(d0, c100);
            c101 = av.fma(d1, c101);
            av = FloatVector.broadcast(SPECIES, x[a3 + 3]);
            c110 = av.fma(d0, c110);
            c111 = av.fma(d1, c111);
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
}
