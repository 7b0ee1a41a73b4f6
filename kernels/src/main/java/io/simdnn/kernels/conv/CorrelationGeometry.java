package io.simdnn.kernels.conv;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;

/**
 * The zero-padded copy one stride-1, undilated correlation reads: {@code channels} input planes
 * {@code height x width}, copied ({@link #pad}: padTop rows above, padLeft columns left) into
 * planes of {@code paddedRows} rows of {@code stride} floats, read through a kernel
 * {@code kernelH x kernelW} into output planes {@code outH x outW}:
 * {@code out[i][j] = sum over c, kh, kw of padded[c][i + kh][j + kw] * k(c, kh, kw)}.
 *
 * <p>Rows sit as close together as the reads allow: a row's right padding is the next row's left
 * padding, {@code stride = max(padLeft + width, outW + kernelW - 1 - padLeft)}. Output column j
 * reads padded columns j to j + kernelW - 1, so columns past outW read the next row's data: they
 * are computed and dropped (see {@link ImplicitConvPlan}).
 */
record CorrelationGeometry(int channels, int height, int width, int padTop, int padLeft, int paddedRows, int stride,
                           int outH, int outW, int kernelH, int kernelW) {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** The forward convolution: x[n] (C planes) with filter w[f] into y[n][f]. */
    static CorrelationGeometry forward(ConvShape s) {
        return of(s.channels(), s.height(), s.width(), s.padH(), s.padW(), s.outHeight(), s.outWidth(), s);
    }

    /**
     * The input gradient, the transposed convolution: a full correlation of dy[n] (F planes) with
     * the filters flipped in both axes, {@code k[f][kh][kw] = w[f][c][KH-1-kh][KW-1-kw]}, into
     * dx[n][c]; the padding becomes {@code KH-1-ph} (likewise for width).
     */
    static CorrelationGeometry inputGradient(ConvShape s) {
        return of(s.filters(), s.outHeight(), s.outWidth(), s.kernelHeight() - 1 - s.padH(), s.kernelWidth() - 1 - s.padW(),
                s.height(), s.width(), s);
    }

    private static CorrelationGeometry of(int channels, int height, int width, int padTop, int padLeft, int outH, int outW,
                                          ConvShape s) {
        int kernelH = s.kernelHeight(), kernelW = s.kernelWidth();
        int stride = Math.max(padLeft + width, outW + kernelW - 1 - padLeft);
        return new CorrelationGeometry(channels, height, width, padTop, padLeft, outH + kernelH - 1, stride,
                outH, outW, kernelH, kernelW);
    }

    /** Floats per padded input plane. */
    long paddedPlane() {
        return (long) paddedRows * stride;
    }
    /**
     * Copies input plane {@code p} ({@code height x width} at {@code src[p * height * width]})
     * into its padded place in {@code dst}, with zeros all around.
     */
    void pad(MemorySegment src, int p, float[] dst) {
        int from = Math.toIntExact(p * paddedPlane());
        Arrays.fill(dst, from, from + Math.toIntExact(paddedPlane()), 0f);
        copyRows(src, p, dst, p);
    }

    /**
     * Copies input plane {@code p}'s rows into padded plane {@code dstPlane} of {@code dst},
     * leaving its padding as it is: a buffer whose padding is zero once stays padded. Whole
     * vectors and one masked store per row, where a copy and a fill call per row cost about
     * 8 ns each (a quarter of the default CNN's input-gradient pass went to padding dy).
     * {@code dst} holds at least {@link FloatVector} lanes past the plane's last row.
     */
    void copyRows(MemorySegment src, int p, float[] dst, int dstPlane) {
        int lanes = SPECIES.length();
        int whole = width - width % lanes;
        VectorMask<Float> tail = VectorMask.fromLong(SPECIES, (1L << (width % lanes)) - 1);
        long from = (long) p * height * width * Float.BYTES;
        long vectorEnd = src.byteSize() - (long) lanes * Float.BYTES;
        int to = Math.toIntExact(dstPlane * paddedPlane() + (long) padTop * stride + padLeft);
        for (int r = 0; r < height; r++, to += stride, from += (long) width * Float.BYTES) {
            for (int i = 0; i < whole; i += lanes) {
                FloatVector.fromMemorySegment(SPECIES, src, from + (long) i * Float.BYTES, ORDER).intoArray(dst, to + i);
            }
            long tailFrom = from + (long) whole * Float.BYTES;
            if (whole == width) {
                continue;
            }
            if (tailFrom <= vectorEnd) {
                FloatVector.fromMemorySegment(SPECIES, src, tailFrom, ORDER).intoArray(dst, to + whole, tail);
            } else { // the tensor's last row: a whole vector would read past its end
                MemorySegment.copy(src, Buffers.FLOAT, tailFrom, dst, to + whole, width - whole);
            }
        }
    }
}
