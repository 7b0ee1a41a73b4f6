package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies of {@link DirectConv2d}: stride-1 convolution without im2col, vectorized along
 * image rows, reading zero-padded copies of the input planes ({@link CorrelationGeometry#pad})
 * so that every load is a plain, unmasked one and no kernel tap needs a bounds test. Stores are
 * masked to the row, so tasks writing neighbouring planes never touch each other's memory.
 *
 * <p>Vectors live only in locals and the species is a constant (anything else makes C2 box every
 * operation); that is why the register blocks below are spelled out accumulator by accumulator.
 * Arguments are validated by {@link Conv2d}.
 */
final class DirectConvKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long BYTES = Float.BYTES;

    /**
     * Output rows per register block of {@link #correlatePlane}: 4 rows x 2 vectors = 8
     * independent FMA chains, enough to hide the FMA latency, sharing each broadcast weight.
     */
    static final int BLOCK_ROWS = 4;
    /** Filters per register block of {@link #weightGradientLanes}. */
    static final int GRADIENT_FILTERS = 4;
    /**
     * Kernel columns per register block of {@link #weightGradientLanes}: 4 filters x 5 columns = 20
     * accumulators, plus 4 dy vectors and one input vector, within 32 vector registers; 5 is
     * also the width of the CNN's kernels, so its blocks have no idle accumulators.
     */
    static final int GRADIENT_COLUMNS = 5;

    private DirectConvKernels() {}

    /**
     * The lanes l with {@code 0 <= start + l < limit}: the positions of a row segment starting at
     * column {@code start} that lie inside a row of {@code limit}. Built from a bit pattern
     * ({@code VectorSpecies.indexInRange} takes a slow path for negative starts, the left padding).
     */
    private static VectorMask<Float> lanesInside(int start, int limit) {
        int first = Math.max(0, -start);
        int end = Math.max(first, Math.min(LANES, limit - start));
        return VectorMask.fromLong(SPECIES, lowBits(end) & ~lowBits(first));
    }

    /** A long with the lowest {@code count} bits set, {@code 0 <= count <= 64}. */
    private static long lowBits(int count) {
        return count >= Long.SIZE ? -1L : (1L << count) - 1;
    }

    /**
     * One output plane of a stride-1 correlation over zero-padded input planes (geometry
     * {@code g}, input from {@link CorrelationGeometry#pad}):
     * <pre>
     * out[i][j] = init + sum over c, kh, kw of in[c][i + kh][j + kw] * k[c][kh][kw]
     * </pre>
     * {@code kBase} is the index of k[0][0][0] in {@code w}. The forward pass and the input
     * gradient are both of this form (see {@link CorrelationGeometry}). Each output element's
     * terms are added in the order (c, kh, kw), the same for every plane.
     */
    static void correlatePlane(CorrelationGeometry g, float[] in, int inBase, MemorySegment w, long kBase,
                               float init, MemorySegment out, long outBase) {
        for (int i0 = 0; i0 < g.outH(); i0 += BLOCK_ROWS) {
            for (int j0 = 0; j0 < g.outW(); j0 += 2 * LANES) {
                correlateBlock(g, in, inBase, w, kBase, init, out, outBase, i0, j0);
            }
        }
    }

    /**
     * Output rows {@code i0 .. i0 + 3}, columns {@code j0 .. j0 + 2 LANES - 1} of
     * {@link #correlatePlane}; only the elements inside the plane are stored. Padding makes every
     * load a plain one and every kernel tap valid, so the loop has no masks and no branches, and
     * the padded planes are heap arrays, whose bounds checks C2 hoists (per-load segment checks
     * and masked loads cost more than the FMAs here). A method of its own so that C1 can compile
     * it (C1 gave up on the whole plane loop, which then stayed interpreted).
     */
    private static void correlateBlock(CorrelationGeometry g, float[] in, int inBase, MemorySegment w, long kBase,
                                       float init, MemorySegment out, long outBase, int i0, int j0) {
        int stride = g.stride();
        int plane = Math.toIntExact(g.paddedPlane());
        FloatVector a00 = FloatVector.broadcast(SPECIES, init), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int c = 0; c < g.channels(); c++) {
            long kChannel = kBase + c * g.kChannelStride();
            for (int kh = 0; kh < g.kernelH(); kh++) {
                long kRow = kChannel + (long) kh * g.kRowStride();
                int row = inBase + c * plane + (i0 + kh) * stride + j0;
                for (int kw = 0; kw < g.kernelW(); kw++) {
                    FloatVector k = FloatVector.broadcast(SPECIES, w.getAtIndex(Buffers.FLOAT, kRow + (long) kw * g.kColumnStride()));
                    int at = row + kw;
                    a00 = FloatVector.fromArray(SPECIES, in, at).fma(k, a00);
                    a01 = FloatVector.fromArray(SPECIES, in, at + LANES).fma(k, a01);
                    at += stride;
                    a10 = FloatVector.fromArray(SPECIES, in, at).fma(k, a10);
                    a11 = FloatVector.fromArray(SPECIES, in, at + LANES).fma(k, a11);
                    at += stride;
                    a20 = FloatVector.fromArray(SPECIES, in, at).fma(k, a20);
                    a21 = FloatVector.fromArray(SPECIES, in, at + LANES).fma(k, a21);
                    at += stride;
                    a30 = FloatVector.fromArray(SPECIES, in, at).fma(k, a30);
                    a31 = FloatVector.fromArray(SPECIES, in, at + LANES).fma(k, a31);
                }
            }
        }
        int outW = g.outW();
        VectorMask<Float> row0 = lanesInside(j0, outW);
        VectorMask<Float> row1 = lanesInside(j0 + LANES, outW);
        long at = (outBase + (long) i0 * outW + j0) * BYTES;
        long outRow = outW * BYTES;
        a00.intoMemorySegment(out, at, ORDER, row0);
        a01.intoMemorySegment(out, at + LANES * BYTES, ORDER, row1);
        if (i0 + 1 < g.outH()) {
            a10.intoMemorySegment(out, at + outRow, ORDER, row0);
            a11.intoMemorySegment(out, at + outRow + LANES * BYTES, ORDER, row1);
        }
        if (i0 + 2 < g.outH()) {
            a20.intoMemorySegment(out, at + 2 * outRow, ORDER, row0);
            a21.intoMemorySegment(out, at + 2 * outRow + LANES * BYTES, ORDER, row1);
        }
        if (i0 + 3 < g.outH()) {
            a30.intoMemorySegment(out, at + 3 * outRow, ORDER, row0);
            a31.intoMemorySegment(out, at + 3 * outRow + LANES * BYTES, ORDER, row1);
        }
    }

    /**
     * Per-lane weight-gradient sums of filters {@code f0 .. f0 + 3} over samples {@code [n0, n1)}:
     * <pre>
     * lanes[f][c][kh][kw][l] = sum over n, oh and the columns ow = l (mod LANES) of
     *                          dy[n][f][oh][ow] * x[n][c][oh + kh - ph][ow + kw - pw]
     * </pre>
     * at {@code lanes[lanesBase + ...]} (dw's layout, LANES floats per element), added in the order
     * (column block, sample, row). x and dy come padded ({@code xPadded} and {@code dyPadded}
     * describe them) so all loads are plain: lanes past a dy row's end read its zero padding and
     * add 0 * (a neighbour in the padded x), which is 0 for finite inputs. {@link #sumLanes}
     * finishes the sums.
     */
    static void weightGradientLanes(ConvShape s, CorrelationGeometry xPadded, float[] x, CorrelationGeometry dyPadded,
                                    float[] dy, int n0, int n1, int f0, MemorySegment lanes, long lanesBase) {
        for (int c = 0; c < s.channels(); c++) {
            for (int kh = 0; kh < s.kernelHeight(); kh++) {
                for (int kw0 = 0; kw0 < s.kernelWidth(); kw0 += GRADIENT_COLUMNS) {
                    weightGradientBlock(s, xPadded, x, dyPadded, dy, n0, n1, f0, c, kh, kw0, lanes, lanesBase);
                }
            }
        }
    }

    /**
     * Kernel row {@code kh}, columns {@code kw0 .. kw0 + 4} of channel c for filters
     * {@code f0 .. f0 + 3} of {@link #weightGradientLanes}: 20 accumulators. A block past the last
     * filter or kernel column repeats that last one (clamped indices): the same loads and FMAs, so
     * the same values, written to the same place by the same task.
     */
    private static void weightGradientBlock(ConvShape s, CorrelationGeometry xPadded, float[] x, CorrelationGeometry dyPadded,
                                            float[] dy, int n0, int n1, int f0, int c, int kh, int kw0,
                                            MemorySegment lanes, long lanesBase) {
        int filters = s.filters(), outH = s.outHeight(), outW = s.outWidth(), kernelW = s.kernelWidth();
        int xStride = xPadded.stride(), dyStride = dyPadded.stride();
        int xPlane = Math.toIntExact(xPadded.paddedPlane()), dyPlane = Math.toIntExact(dyPadded.paddedPlane());
        int f1 = Math.min(f0 + 1, filters - 1), f2 = Math.min(f0 + 2, filters - 1), f3 = Math.min(f0 + 3, filters - 1);
        int dy0 = f0 * dyPlane, dy1 = f1 * dyPlane, dy2 = f2 * dyPlane, dy3 = f3 * dyPlane;
        int kw1 = Math.min(kw0 + 1, kernelW - 1), kw2 = Math.min(kw0 + 2, kernelW - 1);
        int kw3 = Math.min(kw0 + 3, kernelW - 1), kw4 = Math.min(kw0 + 4, kernelW - 1);
        // dy[n][f][oh][ow] is at dyPadded's (oh + padTop, ow + padLeft)
        int dyCorner = dyPadded.padTop() * dyStride + dyPadded.padLeft();
        FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a02 = a00, a03 = a00, a04 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00, a14 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a24 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00, a34 = a00;
        for (int j0 = 0; j0 < outW; j0 += LANES) {
            for (int n = n0; n < n1; n++) {
                int dySample = n * filters * dyPlane + dyCorner + j0;
                int xSample = (n * s.channels() + c) * xPlane + kh * xStride + j0;
                for (int oh = 0; oh < outH; oh++) {
                    int d = dySample + oh * dyStride;
                    FloatVector d0 = FloatVector.fromArray(SPECIES, dy, d + dy0);
                    FloatVector d1 = FloatVector.fromArray(SPECIES, dy, d + dy1);
                    FloatVector d2 = FloatVector.fromArray(SPECIES, dy, d + dy2);
                    FloatVector d3 = FloatVector.fromArray(SPECIES, dy, d + dy3);
                    int xRow = xSample + oh * xStride;
                    FloatVector v = FloatVector.fromArray(SPECIES, x, xRow + kw0);
                    a00 = d0.fma(v, a00);
                    a10 = d1.fma(v, a10);
                    a20 = d2.fma(v, a20);
                    a30 = d3.fma(v, a30);
                    v = FloatVector.fromArray(SPECIES, x, xRow + kw1);
                    a01 = d0.fma(v, a01);
                    a11 = d1.fma(v, a11);
                    a21 = d2.fma(v, a21);
                    a31 = d3.fma(v, a31);
                    v = FloatVector.fromArray(SPECIES, x, xRow + kw2);
                    a02 = d0.fma(v, a02);
                    a12 = d1.fma(v, a12);
                    a22 = d2.fma(v, a22);
                    a32 = d3.fma(v, a32);
                    v = FloatVector.fromArray(SPECIES, x, xRow + kw3);
                    a03 = d0.fma(v, a03);
                    a13 = d1.fma(v, a13);
                    a23 = d2.fma(v, a23);
                    a33 = d3.fma(v, a33);
                    v = FloatVector.fromArray(SPECIES, x, xRow + kw4);
                    a04 = d0.fma(v, a04);
                    a14 = d1.fma(v, a14);
                    a24 = d2.fma(v, a24);
                    a34 = d3.fma(v, a34);
                }
            }
        }
        long tap = ((long) c * s.kernelHeight() + kh) * kernelW;
        long filter0 = (lanesBase + (tap + (long) f0 * s.patchSize()) * LANES) * BYTES;
        long filter1 = (lanesBase + (tap + (long) f1 * s.patchSize()) * LANES) * BYTES;
        long filter2 = (lanesBase + (tap + (long) f2 * s.patchSize()) * LANES) * BYTES;
        long filter3 = (lanesBase + (tap + (long) f3 * s.patchSize()) * LANES) * BYTES;
        long column0 = kw0 * LANES * BYTES, column1 = kw1 * LANES * BYTES, column2 = kw2 * LANES * BYTES;
        long column3 = kw3 * LANES * BYTES, column4 = kw4 * LANES * BYTES;
        a00.intoMemorySegment(lanes, filter0 + column0, ORDER);
        a01.intoMemorySegment(lanes, filter0 + column1, ORDER);
        a02.intoMemorySegment(lanes, filter0 + column2, ORDER);
        a03.intoMemorySegment(lanes, filter0 + column3, ORDER);
        a04.intoMemorySegment(lanes, filter0 + column4, ORDER);
        a10.intoMemorySegment(lanes, filter1 + column0, ORDER);
        a11.intoMemorySegment(lanes, filter1 + column1, ORDER);
        a12.intoMemorySegment(lanes, filter1 + column2, ORDER);
        a13.intoMemorySegment(lanes, filter1 + column3, ORDER);
        a14.intoMemorySegment(lanes, filter1 + column4, ORDER);
        a20.intoMemorySegment(lanes, filter2 + column0, ORDER);
        a21.intoMemorySegment(lanes, filter2 + column1, ORDER);
        a22.intoMemorySegment(lanes, filter2 + column2, ORDER);
        a23.intoMemorySegment(lanes, filter2 + column3, ORDER);
        a24.intoMemorySegment(lanes, filter2 + column4, ORDER);
        a30.intoMemorySegment(lanes, filter3 + column0, ORDER);
        a31.intoMemorySegment(lanes, filter3 + column1, ORDER);
        a32.intoMemorySegment(lanes, filter3 + column2, ORDER);
        a33.intoMemorySegment(lanes, filter3 + column3, ORDER);
        a34.intoMemorySegment(lanes, filter3 + column4, ORDER);
    }

    /**
     * {@code sums[e] = lane sum of (lanes[0][e] + lanes[1][e] + ... + lanes[parts - 1][e])} for
     * {@code e < count}, where {@code lanes[p][e]} is the vector at float
     * {@code (p * count + e) * LANES}: the parts added lanewise in order, then the lanes by
     * {@link LaneSums}.
     */
    static void sumLanes(int count, int parts, MemorySegment lanes, MemorySegment sums) {
        long partBytes = (long) count * LANES * BYTES;
        for (int e = 0; e < count; e++) {
            long at = (long) e * LANES * BYTES;
            FloatVector sum = FloatVector.fromMemorySegment(SPECIES, lanes, at, ORDER);
            for (int p = 1; p < parts; p++) {
                sum = sum.add(FloatVector.fromMemorySegment(SPECIES, lanes, at + p * partBytes, ORDER));
            }
            sums.setAtIndex(Buffers.FLOAT, e, LaneSums.sum(sum));
        }
    }

    /** Floats of {@link #weightGradientLanes} output per weight-gradient element. */
    static int lanesPerElement() {
        return LANES;
    }
}
