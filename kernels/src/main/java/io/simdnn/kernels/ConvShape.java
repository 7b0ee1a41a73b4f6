package io.simdnn.kernels;

/**
 * Geometry of a 2-D convolution over a batch in NCHW layout: input {@code batch x channels x
 * height x width}, filters {@code filters x channels x kernelHeight x kernelWidth}, zero padding
 * and stride per axis. Output is {@code batch x filters x outHeight x outWidth} with
 * {@code outHeight = (height + 2 padH - kernelHeight) / strideH + 1} (likewise for width).
 */
public record ConvShape(int batch, int channels, int height, int width,
                        int filters, int kernelHeight, int kernelWidth,
                        int strideH, int strideW, int padH, int padW) {
    public ConvShape {
        if (batch < 1 || channels < 1 || height < 1 || width < 1 || filters < 1 || kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("convolution sizes must be >= 1: " + describe(batch, channels, height, width,
                    filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW));
        }
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("stride must be >= 1 and padding >= 0: " + describe(batch, channels, height,
                    width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW));
        }
        if (height + 2 * padH < kernelHeight || width + 2 * padW < kernelWidth) {
            throw new IllegalArgumentException("kernel larger than the padded input: " + describe(batch, channels, height,
                    width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW));
        }
    }

    /** Square kernel, same stride and padding on both axes. */
    public static ConvShape of(int batch, int channels, int height, int width, int filters, int kernel, int stride, int pad) {
        return new ConvShape(batch, channels, height, width, filters, kernel, kernel, stride, stride, pad, pad);
    }

    public int outHeight() {
        return (height + 2 * padH - kernelHeight) / strideH + 1;
    }

    public int outWidth() {
        return (width + 2 * padW - kernelWidth) / strideW + 1;
    }

    /** Rows of the column matrix: one per (channel, kernel row, kernel column). */
    public int patchSize() {
        return channels * kernelHeight * kernelWidth;
    }

    /** Columns of the column matrix: one per (sample, output row, output column). */
    public int columnCount() {
        return batch * outHeight() * outWidth();
    }

    public long inputSize() {
        return (long) batch * channels * height * width;
    }

    public long outputSize() {
        return (long) batch * filters * outHeight() * outWidth();
    }

    public long weightSize() {
        return (long) filters * patchSize();
    }

    /** Multiply-adds x 2 of the forward pass, as a direct convolution counts them. */
    public double forwardFlops() {
        return 2.0 * outputSize() * patchSize();
    }

    @Override
    public String toString() {
        return describe(batch, channels, height, width, filters, kernelHeight, kernelWidth, strideH, strideW, padH, padW);
    }

    private static String describe(int n, int c, int h, int w, int f, int kh, int kw, int sh, int sw, int ph, int pw) {
        return n + "x" + c + "x" + h + "x" + w + " * " + f + "x" + c + "x" + kh + "x" + kw
                + " stride " + sh + "x" + sw + " pad " + ph + "x" + pw;
    }
}
