package io.simdnn.kernels;

/**
 * Geometry of 2-D pooling over NCHW planes: {@code batch * channels} planes of
 * {@code height x width}, a {@code kernel x kernel} window moved by {@code stride}, no padding;
 * output planes are {@code (height - kernel) / stride + 1} by {@code (width - kernel) / stride + 1}
 * (a partial window at the bottom or right edge is dropped).
 *
 * @param batch    N, samples in the batch
 * @param channels C, planes per sample
 * @param height   H, rows of a plane
 * @param width    W, columns of a plane
 * @param kernel   K, rows and columns of the window
 * @param stride   S, the window's step on both axes
 */
public record PoolShape(int batch, int channels, int height, int width, int kernel, int stride) {
    /**
     * Validates the geometry.
     *
     * @throws IllegalArgumentException if a size is below 1, the window is larger than the plane, or
     *         {@code N * C * H * W} exceeds {@code Integer.MAX_VALUE}
     */
    public PoolShape {
        if (batch < 1 || channels < 1 || height < 1 || width < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("pooling sizes must be >= 1: " + batch + "x" + channels + "x" + height + "x" + width
                    + " kernel " + kernel + " stride " + stride);
        }
        if (kernel > height || kernel > width) {
            throw new IllegalArgumentException("pooling kernel " + kernel + " larger than the " + height + "x" + width + " input");
        }
        // planes and flat input indices (argmax entries) are ints: N * C * H * W must fit one
        if ((long) batch * channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pooling input " + batch + "x" + channels + "x" + height + "x" + width
                    + " has more than 2^31 - 1 elements");
        }
    }

    /**
     * Output rows.
     *
     * @return {@code (H - K) / S + 1}
     */
    public int outHeight() {
        return (height - kernel) / stride + 1;
    }

    /**
     * Output columns.
     *
     * @return {@code (W - K) / S + 1}
     */
    public int outWidth() {
        return (width - kernel) / stride + 1;
    }

    /**
     * Planes pooled independently.
     *
     * @return {@code N * C}
     */
    public int planes() {
        return batch * channels;
    }

    /**
     * Floats of the input.
     *
     * @return {@code N * C * H * W}
     */
    public long inputSize() {
        return (long) planes() * height * width;
    }

    /**
     * Floats of the output (and of the argmax index array of max pooling).
     *
     * @return {@code N * C * OH * OW}
     */
    public long outputSize() {
        return (long) planes() * outHeight() * outWidth();
    }
}
