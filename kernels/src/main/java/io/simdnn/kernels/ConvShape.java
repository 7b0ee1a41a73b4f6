package io.simdnn.kernels;

/**
 * Geometry of a 2-D convolution over a batch in NCHW layout: input {@code batch x channels x
 * height x width}, filters {@code filters x channels x kernelHeight x kernelWidth}, zero padding,
 * stride and dilation per axis. Kernel element (kh, kw) of output position (oh, ow) reads input
 * position {@code (oh * strideH - padH + kh * dilationH, ow * strideW - padW + kw * dilationW)}:
 * a dilated kernel spans {@code dilationH * (kernelHeight - 1) + 1} rows with gaps between its
 * taps. Output is {@code batch x filters x outHeight x outWidth} with
 * {@code outHeight = (height + 2 padH - dilationH (kernelHeight - 1) - 1) / strideH + 1}
 * (likewise for width).
 *
 * @param batch        N, samples in the batch
 * @param channels     C, input channels (each filter has as many)
 * @param height       H, input rows
 * @param width        W, input columns
 * @param filters      F, output channels
 * @param kernelHeight KH, kernel rows
 * @param kernelWidth  KW, kernel columns
 * @param strideH      output row step over the input, at least 1
 * @param strideW      output column step over the input, at least 1
 * @param padH         zero rows added above and below the input, at least 0
 * @param padW         zero columns added left and right of the input, at least 0
 * @param dilationH    input rows between consecutive kernel rows, at least 1 (1: no gaps)
 * @param dilationW    input columns between consecutive kernel columns, at least 1 (1: no gaps)
 */
public record ConvShape(int batch, int channels, int height, int width,
                        int filters, int kernelHeight, int kernelWidth,
                        int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {
    /**
     * Validates the geometry.
     *
     * @throws IllegalArgumentException if a size, stride or dilation is below 1, a padding below 0,
     *         or the (dilated) kernel is larger than the padded input, or a tensor (padded input,
     *         filters, output, column matrix) would have more than {@code Integer.MAX_VALUE} elements
     */
    public ConvShape {
        if (batch < 1 || channels < 1 || height < 1 || width < 1 || filters < 1 || kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("convolution sizes must be >= 1: " + describe(batch, channels, height, width,
                    filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW, dilationH, dilationW));
        }
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("stride and dilation must be >= 1 and padding >= 0: " + describe(batch, channels,
                    height, width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW, dilationH, dilationW));
        }
        // in long: a large dilation times a large kernel must not wrap around
        if (height + 2L * padH < extent(kernelHeight, dilationH) || width + 2L * padW < extent(kernelWidth, dilationW)) {
            throw new IllegalArgumentException("kernel larger than the padded input: " + describe(batch, channels, height,
                    width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW, dilationH, dilationW));
        }
        // the kernels index tensors, the column matrix's sides and padded planes with ints
        long outHeight = (height + 2L * padH - extent(kernelHeight, dilationH)) / strideH + 1;
        long outWidth = (width + 2L * padW - extent(kernelWidth, dilationW)) / strideW + 1;
        long patch = (long) channels * kernelHeight * kernelWidth;
        if (height + 2L * padH > Integer.MAX_VALUE || width + 2L * padW > Integer.MAX_VALUE
                || (double) batch * channels * (height + 2L * padH) * (width + 2L * padW) > Integer.MAX_VALUE
                || patch * filters > Integer.MAX_VALUE
                || (double) batch * outHeight * outWidth * Math.max(filters, patch) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("convolution tensors have more than 2^31 - 1 elements: " + describe(batch, channels,
                    height, width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW, dilationH, dilationW));
        }
    }

    /**
     * No dilation: every kernel tap reads the input position next to the previous one's.
     *
     * @param batch        N, samples in the batch
     * @param channels     C, input channels
     * @param height       H, input rows
     * @param width        W, input columns
     * @param filters      F, output channels
     * @param kernelHeight KH, kernel rows
     * @param kernelWidth  KW, kernel columns
     * @param strideH      output row step, at least 1
     * @param strideW      output column step, at least 1
     * @param padH         zero rows above and below, at least 0
     * @param padW         zero columns left and right, at least 0
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConvShape(int batch, int channels, int height, int width, int filters, int kernelHeight, int kernelWidth,
                     int strideH, int strideW, int padH, int padW) {
        this(batch, channels, height, width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW, 1, 1);
    }

    /**
     * Square kernel, same stride and padding on both axes, no dilation.
     *
     * @param batch    N, samples in the batch
     * @param channels C, input channels
     * @param height   H, input rows
     * @param width    W, input columns
     * @param filters  F, output channels
     * @param kernel   kernel rows and columns
     * @param stride   step on both axes, at least 1
     * @param pad      zero padding on every side, at least 0
     * @return the geometry
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static ConvShape of(int batch, int channels, int height, int width, int filters, int kernel, int stride, int pad) {
        return new ConvShape(batch, channels, height, width, filters, kernel, kernel, stride, stride, pad, pad);
    }

    /** Input rows (or columns) a kernel of {@code size} taps spans at {@code dilation}. */
    private static long extent(int size, int dilation) {
        return (long) dilation * (size - 1) + 1;
    }

    /**
     * Output rows, {@code (H + 2 padH - dilationH (KH - 1) - 1) / strideH + 1}.
     *
     * @return OH, at least 1
     */
    public int outHeight() {
        return (int) ((height + 2L * padH - extent(kernelHeight, dilationH)) / strideH + 1);
    }

    /**
     * Output columns, {@code (W + 2 padW - dilationW (KW - 1) - 1) / strideW + 1}.
     *
     * @return OW, at least 1
     */
    public int outWidth() {
        return (int) ((width + 2L * padW - extent(kernelWidth, dilationW)) / strideW + 1);
    }

    /**
     * Whether any axis is dilated (the implicit path handles undilated kernels only).
     *
     * @return {@code dilationH > 1 || dilationW > 1}
     */
    public boolean dilated() {
        return dilationH > 1 || dilationW > 1;
    }

    /**
     * Rows of the column matrix: one per (channel, kernel row, kernel column).
     *
     * @return {@code C * KH * KW}, also the length of one filter
     */
    public int patchSize() {
        return channels * kernelHeight * kernelWidth;
    }

    /**
     * Columns of the column matrix: one per (sample, output row, output column).
     *
     * @return {@code N * OH * OW}
     */
    public int columnCount() {
        return batch * outHeight() * outWidth();
    }

    /**
     * Floats of the input.
     *
     * @return {@code N * C * H * W}
     */
    public long inputSize() {
        return (long) batch * channels * height * width;
    }

    /**
     * Floats of the output.
     *
     * @return {@code N * F * OH * OW}
     */
    public long outputSize() {
        return (long) batch * filters * outHeight() * outWidth();
    }

    /**
     * Floats of the filters.
     *
     * @return {@code F * C * KH * KW}
     */
    public long weightSize() {
        return (long) filters * patchSize();
    }

    /**
     * Multiply-adds x 2 of the forward pass, as a direct convolution counts them.
     *
     * @return {@code 2 * N * F * OH * OW * C * KH * KW}
     */
    public double forwardFlops() {
        return 2.0 * outputSize() * patchSize();
    }

    /**
     * The shape as input, filters, stride, padding and dilation (when not 1), for messages.
     *
     * @return e.g. {@code 64x1x28x28 * 16x1x5x5 stride 1x1 pad 2x2}
     */
    @Override
    public String toString() {
        return describe(batch, channels, height, width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW,
                dilationH, dilationW);
    }

    private static String describe(int n, int c, int h, int w, int f, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
        return n + "x" + c + "x" + h + "x" + w + " * " + f + "x" + c + "x" + kh + "x" + kw
                + " stride " + sh + "x" + sw + " pad " + ph + "x" + pw + (dh == 1 && dw == 1 ? "" : " dilation " + dh + "x" + dw);
    }
}
