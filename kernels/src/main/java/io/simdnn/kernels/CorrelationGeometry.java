package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The shape of one stride-1 correlation {@link DirectConvKernels#correlatePlane} computes:
 * {@code channels} input planes {@code height x width}, copied zero-padded ({@link #pad}: padTop
 * rows above, padLeft columns left) into planes of {@code paddedRows} rows of {@code stride}
 * floats, read through a kernel {@code kernelH x kernelW} into one output plane {@code outH x outW}:
 * {@code out[i][j] = sum over c, kh, kw of padded[c][i + kh][j + kw] * k(c, kh, kw)}, with kernel
 * element (c, kh, kw) at {@code kBase + c * kChannelStride + kh * kRowStride + kw * kColumnStride}.
 *
 * <p>The stride leaves at least a vector's worth of zeros after each row's data up to the next
 * row's data ({@code stride >= padLeft + roundUp(width, LANES)}), so a vector load that starts in
 * a row's data and runs past its end sees zeros there.
 */
record CorrelationGeometry(int channels, int height, int width, int padTop, int padLeft, int paddedRows, int stride,
                           int outH, int outW, int kernelH, int kernelW,
                           long kChannelStride, int kRowStride, int kColumnStride) {

    /** The forward convolution: x[n] (C planes) with filter w[f] into y[n][f]. */
    static CorrelationGeometry forward(ConvShape s) {
        return of(s.channels(), s.height(), s.width(), s.padH(), s.padW(), s.outHeight(), s.outWidth(), s,
                (long) s.kernelHeight() * s.kernelWidth(), s.kernelWidth(), 1);
    }

    /**
     * The input gradient, the transposed convolution: a full correlation of dy[n] (F planes) with
     * the filters flipped in both axes, {@code k[f][kh][kw] = w[f][c][KH-1-kh][KW-1-kw]}, into
     * dx[n][c]; the padding becomes {@code KH-1-ph} (likewise for width) and the kernel is read
     * backwards from {@code kBase = c*KH*KW + KH*KW - 1}.
     */
    static CorrelationGeometry inputGradient(ConvShape s) {
        return of(s.filters(), s.outHeight(), s.outWidth(), s.kernelHeight() - 1 - s.padH(), s.kernelWidth() - 1 - s.padW(),
                s.height(), s.width(), s, s.patchSize(), -s.kernelWidth(), -1);
    }

    private static CorrelationGeometry of(int channels, int height, int width, int padTop, int padLeft, int outH, int outW,
                                          ConvShape s, long kChannelStride, int kRowStride, int kColumnStride) {
        int kernelH = s.kernelHeight(), kernelW = s.kernelWidth();
        int lanes = VectorSupport.floatLanes();
        int roundedWidth = (width + lanes - 1) / lanes * lanes;
        int stride = padLeft + Math.max(outW + kernelW - 1 - padLeft, roundedWidth);
        return new CorrelationGeometry(channels, height, width, padTop, padLeft, outH + kernelH - 1, stride,
                outH, outW, kernelH, kernelW, kChannelStride, kRowStride, kColumnStride);
    }

    /**
     * The same correlation with rows as close together as reads allow: a row's right padding is
     * shared with the next row's left padding, {@code stride = max(padLeft + width, outW + kernelW - 1 - padLeft)}.
     * Outputs are valid for columns below outW only; a vector load past a row's end reads the next
     * row's data, not zeros (so not for {@link DirectConvKernels}).
     */
    CorrelationGeometry tight() {
        int tightStride = Math.max(padLeft + width, outW + kernelW - 1 - padLeft);
        return new CorrelationGeometry(channels, height, width, padTop, padLeft, paddedRows, tightStride,
                outH, outW, kernelH, kernelW, kChannelStride, kRowStride, kColumnStride);
    }

    /** Floats per padded input plane. */
    long paddedPlane() {
        return (long) paddedRows * stride;
    }

    /**
     * Floats of scratch for {@code planes} padded planes, plus a tail the kernels' register
     * blocks may read past the last plane (rows below a partial block, lanes past a row's end;
     * what they read there only reaches output elements that are not stored).
     */
    long paddedSize(long planes) {
        return planes * paddedPlane() + (long) DirectConvKernels.BLOCK_ROWS * stride + 2L * VectorSupport.floatLanes();
    }

    /**
     * Copies input plane {@code p} ({@code height x width} at {@code src[p * height * width]})
     * into its padded place in {@code dst}, with zeros all around.
     */
    void pad(MemorySegment src, int p, float[] dst) {
        int to = Math.toIntExact(p * paddedPlane());
        long from = (long) p * height * width * Float.BYTES;
        int end = to + Math.toIntExact(paddedPlane());
        Arrays.fill(dst, to, to + padTop * stride + padLeft, 0f);
        to += padTop * stride + padLeft;
        for (int r = 0; r < height; r++, to += stride, from += (long) width * Float.BYTES) {
            MemorySegment.copy(src, Buffers.FLOAT, from, dst, to, width);
            Arrays.fill(dst, to + width, Math.min(end, to + stride), 0f);
        }
        Arrays.fill(dst, Math.min(end, to), end, 0f);
    }
}
