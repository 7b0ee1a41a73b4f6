package io.simdnn.kernels.conv;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.internal.ElementwiseKernels;
import io.simdnn.kernels.internal.RegisterTranspose;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The index tables and tile loops of {@link ImplicitConv2d} for one shape. In a zero-padded
 * input (planes of {@code stride}-float rows, {@link CorrelationGeometry}) the im2col element of
 * output position {@code q = (n, oh, ow)} and tap {@code k = (c, kh, kw)} lies at
 * <pre>
 *   position[q] + tap[k],   position[q] = n * C * plane + oh * stride + ow,   tap[k] = c * plane + kh * stride + kw
 * </pre>
 * and the transposed convolution's, over the padded output gradient, at
 * {@code gradientPosition[i] + gradientTap[(f, kh, kw)]} likewise. Row tables are padded to a
 * whole number of tiles by repeating their last entry, so a partial tile reads valid memory and
 * its extra rows are simply not stored.
 *
 * <p>For kernels 3 or 5 wide ({@link ConvTileKernel#hasRowRun}) the forward pass and the input
 * gradient run as row runs instead: consecutive positions of the padded grid, each input element
 * broadcast once for all the taps of a kernel row. Runs of a whole vector go along the grid
 * ({@code outH x stride}, the columns past outW computed and dropped); where that drops more than
 * short runs would ({@link ConvTileKernel#runLength}: 14-wide rows in 16-float strides drop an
 * eighth) the runs are {@link ConvTileKernel#SHORT_RUN} positions inside each output row. The
 * weight gradient, a reduction over positions, keeps the tables.
 *
 * <p>Packed panels ({@link ConvTileKernel#panelWidth} columns each) hold w, its flip or the
 * reordered dy. Columns past the last filter or channel are never initialized: they only reach
 * tile columns that are not stored.
 */
final class ImplicitConvPlan {
    /** Largest Java array, in elements. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 64;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final ConvShape s;
    private final CorrelationGeometry input;
    private final CorrelationGeometry gradient;
    private final int outArea;
    private final int inArea;
    private final int positionCount;
    private final int[] positions;
    private final int tapCount;
    private final int[] taps;
    private final int gradientPositionCount;
    private final int[] gradientPositions;
    private final int gradientTapCount;
    private final int[] gradientTaps;
    private final boolean rowRun;
    private final int forwardRun;
    private final int gradientRun;
    private final int[] forwardRows;
    private final int[] gradientRows;
    private final int filterWidth;
    private final int filterPanels;
    private final int forwardWidth;
    private final int forwardPanels;
    private final int channelWidth;
    private final int channelPanels;
    private final boolean tapRows;
    /** Whether the weight gradient's tap rows take positions two at a time ({@link ConvTileKernel#accumulateTapRows}). */
    private final boolean positionPairs;
    private final int gradientTileRows;
    private final ThreadLocal<float[]> tile;
    /** Row runs' padded copy of one sample's dy, per thread: padding zero from allocation on, rows rewritten per task. */
    private final ThreadLocal<float[]> gradientSample;

    /** The plan for s, whose forward and input-gradient geometries are {@code input} and {@code gradient}. */
    ImplicitConvPlan(ConvShape s, CorrelationGeometry input, CorrelationGeometry gradient) {
        this.s = s;
        this.input = input;
        this.gradient = gradient;
        rowRun = ConvTileKernel.hasRowRun(s.kernelWidth());
        outArea = s.outHeight() * s.outWidth();
        inArea = s.height() * s.width();
        int rowMultiple = ConvTileKernel.rows(ConvTileKernel.LANES);
        positionCount = s.batch() * outArea;
        positions = positions(input, s.batch(), rowMultiple);
        tapCount = s.patchSize();
        filterWidth = ConvTileKernel.panelWidth(s.filters());
        tapRows = ConvTileKernel.hasTapRows(filterWidth, s.kernelWidth());
        gradientTileRows = tapRows ? ConvTileKernel.tapRows(s.kernelWidth()) : ConvTileKernel.rows(filterWidth);
        positionPairs = tapRows && inPairs(positions, positionCount);
        taps = taps(input, Math.max(rowMultiple, gradientTileRows));
        gradientPositionCount = s.batch() * inArea;
        gradientPositions = positions(gradient, s.batch(), rowMultiple);
        gradientTapCount = s.filters() * s.kernelHeight() * s.kernelWidth();
        gradientTaps = taps(gradient, 1);

        forwardRows = rowOffsets(input);
        forwardRun = ConvTileKernel.runLength(input.outW(), input.stride());
        gradientRun = ConvTileKernel.runLength(gradient.outW(), gradient.stride());
        gradientRows = rowOffsets(gradient);

        filterPanels = ceilDiv(s.filters(), filterWidth);
        forwardWidth = rowRun ? ConvTileKernel.LANES : filterWidth;
        forwardPanels = ceilDiv(s.filters(), forwardWidth);
        channelWidth = rowRun ? ConvTileKernel.LANES : ConvTileKernel.panelWidth(s.channels());
        channelPanels = ceilDiv(s.channels(), channelWidth);
        int tileFloats = Math.max(ConvTileKernel.RUN * ConvTileKernel.LANES, Math.max(ConvTileKernel.rows(filterWidth) * filterWidth,
                ConvTileKernel.rows(ConvTileKernel.LANES) * ConvTileKernel.LANES));
        tile = ThreadLocal.withInitial(() -> new float[tileFloats]);
        int gradientSampleFloats = rowRun ? (int) (s.filters() * gradient.paddedPlane()) + tail(s) : 0;
        gradientSample = ThreadLocal.withInitial(() -> new float[gradientSampleFloats]);
    }

    /**
     * {@code position[q]} for g's output positions {@code q = (n, oh, ow)} of {@code samples}
     * samples, padded to a multiple of {@code multiple} entries by repeating the last.
     */
    private static int[] positions(CorrelationGeometry g, int samples, int multiple) {
        int area = g.outH() * g.outW();
        int count = samples * area;
        int sampleFloats = (int) (g.channels() * g.paddedPlane());
        int[] table = new int[roundUp(count, multiple)];
        for (int q = 0; q < count; q++) {
            int n = q / area, p = q % area;
            table[q] = n * sampleFloats + p / g.outW() * g.stride() + p % g.outW();
        }
        padWithLast(table, count);
        return table;
    }

    /**
     * Whether the first {@code count} positions split into pairs of row neighbours: an even count,
     * and {@code table[q + 1] == table[q] + 1} for every even q (an even output width, as conv2's 14).
     */
    private static boolean inPairs(int[] table, int count) {
        if (count % 2 != 0) {
            return false;
        }
        for (int q = 0; q < count; q += 2) {
            if (table[q + 1] != table[q] + 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code tap[k]} for g's kernel taps {@code k = (plane, kh, kw)}, padded like {@link #positions}
     * to whole tiles of at most {@code tileRows} rows.
     */
    private static int[] taps(CorrelationGeometry g, int tileRows) {
        int kernelArea = g.kernelH() * g.kernelW();
        int count = g.channels() * kernelArea;
        int[] table = new int[count + tileRows - 1];
        for (int k = 0; k < count; k++) {
            int plane = k / kernelArea, t = k % kernelArea;
            table[k] = (int) (plane * g.paddedPlane()) + t / g.kernelW() * g.stride() + t % g.kernelW();
        }
        padWithLast(table, count);
        return table;
    }

    /** Offsets of g's kernel rows {@code (plane, kh)} in a padded sample: {@code plane * paddedPlane + kh * stride}. */
    private static int[] rowOffsets(CorrelationGeometry g) {
        int[] rows = new int[g.channels() * g.kernelH()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = (int) (r / g.kernelH() * g.paddedPlane()) + r % g.kernelH() * g.stride();
        }
        return rows;
    }

    /**
     * Floats past the last padded plane that a row run may read: its last tile runs up to
     * {@code RUN - 1} positions past the grid, plus the kernel's width.
     */
    private static int tail(ConvShape s) {
        return ConvTileKernel.RUN + s.kernelWidth() + ConvTileKernel.LANES;
    }

    /** Whether every table and copy of {@code s} (with its two geometries) fits int indices. */
    static boolean fits(ConvShape s, CorrelationGeometry input, CorrelationGeometry gradient) {
        long samples = s.batch();
        long rowSlack = ConvTileKernel.rows(ConvTileKernel.LANES); // row tables are padded to whole tiles
        int widest = ConvTileKernel.NR_WIDE;
        return samples * s.channels() * input.paddedPlane() + tail(s) < MAX_ARRAY
                && samples * s.filters() * gradient.paddedPlane() + tail(s) < MAX_ARRAY
                && (samples * s.outHeight() * s.outWidth() + rowSlack) * roundUp(s.filters(), widest) < MAX_ARRAY
                && samples * s.height() * s.width() + rowSlack < MAX_ARRAY
                && (s.patchSize() + rowSlack) * roundUp(s.filters(), widest) < MAX_ARRAY
                && (long) s.filters() * s.kernelHeight() * s.kernelWidth() * roundUp(s.channels(), widest) < MAX_ARRAY;
    }

    ConvShape shape() {
        return s;
    }

    CorrelationGeometry inputGeometry() {
        return input;
    }

    CorrelationGeometry gradientGeometry() {
        return gradient;
    }

    int inputSize() {
        return (int) (s.batch() * s.channels() * input.paddedPlane()) + tail(s);
    }

    int gradientSize() {
        return (int) (s.batch() * s.filters() * gradient.paddedPlane()) + tail(s);
    }

    int forwardPanelsSize() {
        return forwardPanels * tapCount * forwardWidth;
    }

    int gradientPanelsSize() {
        return filterPanels * positionCount * filterWidth;
    }

    int inputGradientPanelsSize() {
        return channelPanels * gradientTapCount * channelWidth;
    }

    /** Floats of the weight gradient's sums: a set per chunk of {@code chunk} positions ({@link #weightGradientChunk}). */
    int weightGradientSumsSize(int chunk) {
        return weightGradientTasks(chunk) * chunkSums();
    }

    /** Floats of one chunk's sums: {@code sums[k][f]} for every tap and filter. */
    private int chunkSums() {
        return filterPanels * taps.length * filterWidth;
    }

    /** Forward tasks: one per sample on row runs, else groups of {@code tilesPerTask} position tiles. */
    int forwardTasks(int tilesPerTask) {
        return rowRun ? s.batch() : ceilDiv(ceilDiv(positionCount, ConvTileKernel.rows(forwardWidth)), tilesPerTask);
    }

    /** Input-gradient tasks, likewise. */
    int inputGradientTasks(int tilesPerTask) {
        return ceilDiv(ceilDiv(gradientPositionCount, ConvTileKernel.rows(channelWidth)), tilesPerTask);
    }

    /**
     * One task per chunk of {@code chunk} positions, in position order, hence in sample order: a
     * thread then reads the padded input and the reordered dy of about the samples it padded and
     * reordered itself, in its own core's cache. (Tasks of tap tiles, each over every position,
     * would read half of both from the other core.)
     */
    int weightGradientTasks(int chunk) {
        return ceilDiv(positionCount, chunk);
    }

    /**
     * Packs w (F x taps) into panels: {@code panels[(panel * taps + k) * width + j] = w[panel * width + j][k]}.
     * Taps run (c, kh, kw), so a row run's step (c, kh) finds its KW tap vectors in a row.
     */
    void packForwardFilters(MemorySegment w, float[] panels) {
        for (int f = 0; f < s.filters(); f++) {
            int panel = f / forwardWidth, j = f % forwardWidth;
            int to = panel * tapCount * forwardWidth + j;
            long from = (long) f * tapCount;
            for (int k = 0; k < tapCount; k++, to += forwardWidth) {
                panels[to] = w.getAtIndex(Buffers.FLOAT, from + k);
            }
        }
    }

    /** Packs the flipped filters: row (f, kh, kw), column c holds {@code w[f][c][KH-1-kh][KW-1-kw]}. */
    void packFlippedFilters(MemorySegment w, float[] panels) {
        int kernelArea = s.kernelHeight() * s.kernelWidth();
        for (int f = 0; f < s.filters(); f++) {
            for (int c = 0; c < s.channels(); c++) {
                int panel = c / channelWidth, j = c % channelWidth;
                long from = ((long) f * s.channels() + c) * kernelArea + kernelArea - 1;
                int to = (panel * gradientTapCount + f * kernelArea) * channelWidth + j;
                for (int t = 0; t < kernelArea; t++, to += channelWidth) {
                    panels[to] = w.getAtIndex(Buffers.FLOAT, from - t);
                }
            }
        }
    }

    /** Task {@code task} of the forward pass (see {@link #forwardTasks}): y = conv(x, w) + b. */
    void forwardTiles(int task, int tilesPerTask, float[] padded, float[] panels, MemorySegment b, MemorySegment y) {
        if (rowRun) {
            rowRuns(task, forwardRun, padded, (int) (task * s.channels() * input.paddedPlane()), input.stride(), forwardRows, panels,
                    forwardPanels, s.outHeight(), s.outWidth(), s.filters(), b, y);
            return;
        }
        positionTiles(task, tilesPerTask, padded, positions, positionCount, taps, tapCount, panels, forwardWidth, forwardPanels,
                outArea, s.filters(), b, y);
    }

    /**
     * Whether the backward pass with dx runs as {@link #gradientSample} tasks, one per sample
     * (row runs), instead of separate passes that each read all of dy from memory: padding it for
     * dx, reordering it for dw and summing its planes for db.
     */
    boolean fusesGradientSamples() {
        return rowRun;
    }

    /**
     * Sample n of dy, read from memory once: padded into a per-thread copy (whose padding stays
     * zero from its allocation on), then, unless {@code reordered} is null, reordered into the
     * weight gradient's panels ({@link #reorderGradient}, from the caches now) and its plane sums
     * written to {@code biasSums[n * F + f]} (summed as {@link Im2col#biasGradient} sums them, so
     * db has the same bits either way); dx[n] by row runs over the flipped filters' panels.
     */
    void gradientSample(int n, MemorySegment dy, float[] flippedPanels, float[] reordered, float[] biasSums, MemorySegment dx) {
        float[] sample = gradientSample.get();
        for (int f = 0; f < s.filters(); f++) {
            gradient.copyRows(dy, n * s.filters() + f, sample, f);
        }
        if (reordered != null) {
            reorderGradient(n, dy, reordered);
            for (int f = 0; f < s.filters(); f++) {
                long plane = ((long) n * s.filters() + f) * outArea;
                biasSums[n * s.filters() + f] = ElementwiseKernels.sum(outArea, dy, plane);
            }
        }
        rowRuns(n, gradientRun, sample, 0, gradient.stride(), gradientRows, flippedPanels,
                channelPanels, s.height(), s.width(), s.channels(), null, dx);
    }

    /** {@code db[f]} = the sum over samples, in order, of {@link #gradientSample}'s plane sums. */
    void sumBias(float[] biasSums, MemorySegment db) {
        for (int f = 0; f < s.filters(); f++) {
            float sum = 0f;
            for (int n = 0; n < s.batch(); n++) {
                sum += biasSums[n * s.filters() + f];
            }
            db.setAtIndex(Buffers.FLOAT, f, sum);
        }
    }

    /**
     * Task {@code task} of the input gradient over position tables (kernels without row runs;
     * row runs compute dx in {@link #gradientSample}): dx = the transposed convolution of dy
     * (channels as columns), from the batch's padded dy.
     */
    void inputGradientTiles(int task, int tilesPerTask, float[] paddedGradient, float[] panels, MemorySegment dx) {
        positionTiles(task, tilesPerTask, paddedGradient, gradientPositions, gradientPositionCount, gradientTaps, gradientTapCount,
                panels, channelWidth, channelPanels, inArea, s.channels(), null, dx);
    }

    /**
     * Task {@code task}'s {@code tilesPerTask} tiles of positions (rows from {@code positions},
     * reduction over {@code taps}), each against every panel, stored into the NCHW output of
     * {@code planes} planes of {@code area}.
     */
    private void positionTiles(int task, int tilesPerTask, float[] padded, int[] positions, int positionCount, int[] taps,
                               int tapCount, float[] panels, int width, int panelCount, int area, int planes,
                               MemorySegment bias, MemorySegment out) {
        int rows = ConvTileKernel.rows(width);
        float[] scratch = tile.get();
        int first = task * tilesPerTask * rows;
        int end = Math.min(positionCount, first + tilesPerTask * rows);
        for (int q = first; q < end; q += rows) {
            for (int panel = 0; panel < panelCount; panel++) {
                ConvTileKernel.accumulate(width, tapCount, padded, positions, q, taps, 0, panels, panel * tapCount * width, scratch);
                storeTransposed(scratch, width, Math.min(rows, end - q), q, area, planes, panel * width, bias, out);
            }
        }
    }

    /**
     * Sample n's outputs by row runs of {@code run} positions, each against every panel of one
     * vector of output planes: runs of {@link ConvTileKernel#RUN} along the grid of
     * {@code outH x stride} positions (columns past outW computed and dropped), shorter runs
     * inside each output row, the row's last run shifted left to end at the row's end (the
     * positions it shares with the run before are computed again and stored with the same bits).
     * Steps are the kernel rows (input plane, kh) at {@code rowOffsets} from the sample's padded
     * copy at {@code padded[sampleBase]}; panel p holds their KW tap vectors.
     */
    private void rowRuns(int n, int run, float[] padded, int sampleBase, int stride, int[] rowOffsets, float[] panels,
                         int panelCount, int outH, int outW, int planes, MemorySegment bias, MemorySegment out) {
        float[] scratch = tile.get();
        int kernelWidth = s.kernelWidth();
        int steps = rowOffsets.length;
        int panelFloats = steps * kernelWidth * ConvTileKernel.LANES;
        long area = (long) outH * outW;
        boolean alongGrid = run == ConvTileKernel.RUN;
        int runsPerRow = ceilDiv(outW, run);
        int runCount = alongGrid ? ceilDiv(outH * stride, run) : outH * runsPerRow;
        for (int i = 0; i < runCount; i++) {
            int g = alongGrid ? i * run : i / runsPerRow * stride + Math.min(i % runsPerRow * run, outW - run);
            for (int panel = 0; panel < panelCount; panel++) {
                ConvTileKernel.accumulateRowRun(run, kernelWidth, steps, padded, sampleBase + g, rowOffsets, 0, panels,
                        panel * panelFloats, scratch);
                int column0 = panel * ConvTileKernel.LANES;
                ConvTileKernel.storeRun(scratch, run, g, stride, outH, outW, ((long) n * planes + column0) * area, area,
                        Math.min(ConvTileKernel.LANES, planes - column0), bias, column0, out);
            }
        }
    }

    /**
     * Writes tile rows (positions {@code q0 ...}) into an NCHW tensor of {@code planes} planes of
     * {@code area}: column j goes to plane {@code column0 + j}, plus {@code bias[column0 + j]}
     * unless bias is null.
     */
    private static void storeTransposed(float[] tile, int width, int rows, int q0, int area, int planes, int column0,
                                        MemorySegment bias, MemorySegment out) {
        int columns = Math.min(width, planes - column0);
        for (int r = 0; r < rows; r++) {
            int q = q0 + r;
            int n = q / area;
            long base = ((long) n * planes + column0) * area + (q - n * area);
            for (int j = 0; j < columns; j++) {
                float v = tile[r * width + j];
                if (bias != null) {
                    v += bias.getAtIndex(Buffers.FLOAT, column0 + j);
                }
                out.setAtIndex(Buffers.FLOAT, base + (long) j * area, v);
            }
        }
    }

    /**
     * Copies sample n's dy (F planes) into its rows of the dy panels (rows = positions, columns =
     * filters). One task per sample: the sample's panel rows are its own, so two threads never
     * write one cache line (with a task per filter they would write neighbouring columns of every
     * line). On 512-bit vectors whole blocks of 16 filters x 16 positions are transposed in
     * registers ({@link RegisterTranspose}) and the rest copied element by element; the element
     * loop alone, a strided store per float, cost conv2's backward pass about 5%.
     */
    void reorderGradient(int n, MemorySegment dy, float[] panels) {
        int blockedPositions = RegisterTranspose.AVAILABLE ? outArea / 16 * 16 : 0;
        int blockedFilters = blockedPositions > 0 ? s.filters() / 16 * 16 : 0;
        for (int f0 = 0; f0 < blockedFilters; f0 += 16) {
            for (int p0 = 0; p0 < blockedPositions; p0 += 16) {
                reorderBlock(n, dy, f0, p0, panels, RegisterTranspose.blocks());
            }
        }
        reorderElements(n, dy, 0, blockedFilters, blockedPositions, panels);
        reorderElements(n, dy, blockedFilters, s.filters(), 0, panels);
    }

    /** Filters f0 .. f0 + 15 at positions p0 .. p0 + 15 of sample n: one register transposition (a 16-filter block never straddles two panels, whose width is 16 or 32). */
    private void reorderBlock(int n, MemorySegment dy, int f0, int p0, float[] panels, RegisterTranspose.Blocks blocks) {
        long from = ((long) n * s.filters() + f0) * outArea + p0;
        for (int i = 0; i < 16; i++) {
            FloatVector.fromMemorySegment(FLOATS, dy, (from + (long) i * outArea) * Float.BYTES, ORDER)
                    .intoArray(blocks.in, i * 16);
        }
        RegisterTranspose.transpose(blocks.in, blocks.work, blocks.out);
        int to = ((f0 / filterWidth) * positionCount + n * outArea + p0) * filterWidth + f0 % filterWidth;
        for (int j = 0; j < 16; j++) {
            IntVector.fromArray(INTS, blocks.out, j * 16).reinterpretAsFloats().intoArray(panels, to + j * filterWidth);
        }
    }

    /** Filters {@code [fromFilter, toFilter)} at positions from {@code fromPosition} on of sample n, element by element. */
    private void reorderElements(int n, MemorySegment dy, int fromFilter, int toFilter, int fromPosition, float[] panels) {
        for (int f = fromFilter; f < toFilter; f++) {
            int panel = f / filterWidth, j = f % filterWidth;
            int to = (panel * positionCount + n * outArea + fromPosition) * filterWidth + j;
            long from = ((long) n * s.filters() + f) * outArea;
            for (int p = fromPosition; p < outArea; p++, to += filterWidth) {
                panels[to] = dy.getAtIndex(Buffers.FLOAT, from + p);
            }
        }
    }

    /**
     * Task {@code task}, the positions {@code [task * chunk, (task + 1) * chunk)}: its share of
     * {@code sums[k][f] = sum over positions q of xpad[tap[k] + position[q]] * dy[q][f]}, every tap
     * tile against every panel, into the task's own set of sums.
     */
    void weightGradientChunk(int task, int chunk, float[] padded, float[] panels, float[] sums) {
        int rows = gradientTileRows;
        int tiles = ceilDiv(tapCount, rows);
        int tileFloats = rows * filterWidth;
        float[] scratch = tile.get();
        int q = task * chunk;
        int steps = Math.min(chunk, positionCount - q);
        int base = task * chunkSums();
        // an even chunk keeps every chunk's pairs whole
        boolean pairs = positionPairs && chunk % 2 == 0;
        for (int t = 0; t < tiles; t++) {
            for (int panel = 0; panel < filterPanels; panel++) {
                int panelStart = (panel * positionCount + q) * filterWidth;
                if (tapRows) {
                    ConvTileKernel.accumulateTapRows(s.kernelWidth(), pairs, steps, padded, taps, t * rows, positions, q,
                            panels, panelStart, scratch);
                } else {
                    ConvTileKernel.accumulate(filterWidth, steps, padded, taps, t * rows, positions, q,
                            panels, panelStart, scratch);
                }
                System.arraycopy(scratch, 0, sums, base + (panel * taps.length + t * rows) * filterWidth, tileFloats);
            }
        }
    }

    /**
     * {@code dw[f][k] = sums[k][f]}, the chunks' sums added in chunk order first (into the first
     * chunk's): the same additions in the same order whatever the thread count.
     */
    void unpackWeightGradient(float[] sums, int chunk, MemorySegment dw) {
        PartialSums.addIntoFirst(sums, weightGradientTasks(chunk), chunkSums());
        for (int f = 0; f < s.filters(); f++) {
            int panel = f / filterWidth, j = f % filterWidth;
            int from = panel * taps.length * filterWidth + j;
            long to = (long) f * tapCount;
            for (int k = 0; k < tapCount; k++, from += filterWidth) {
                dw.setAtIndex(Buffers.FLOAT, to + k, sums[from]);
            }
        }
    }

    private static void padWithLast(int[] table, int count) {
        for (int i = count; i < table.length; i++) {
            table[i] = table[count - 1];
        }
    }

    private static int roundUp(int n, int multiple) {
        return ceilDiv(n, multiple) * multiple;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
