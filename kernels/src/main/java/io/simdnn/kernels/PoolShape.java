package io.simdnn.kernels;

/**
 * Geometry of 2-D pooling over NCHW planes: {@code batch * channels} planes of
 * {@code height x width}, a {@code kernel x kernel} window moved by {@code stride}, no padding;
 * output planes are {@code (height - kernel) / stride + 1} square in each axis.
 */
public record PoolShape(int batch, int channels, int height, int width, int kernel, int stride) {
    public PoolShape {
        if (batch < 1 || channels < 1 || height < 1 || width < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("pooling sizes must be >= 1: " + batch + "x" + channels + "x" + height + "x" + width
                    + " kernel " + kernel + " stride " + stride);
        }
        if (kernel > height || kernel > width) {
            throw new IllegalArgumentException("pooling kernel " + kernel + " larger than the " + height + "x" + width + " input");
        }
    }

    public int outHeight() {
        return (height - kernel) / stride + 1;
    }

    public int outWidth() {
        return (width - kernel) / stride + 1;
    }

    public int planes() {
        return batch * channels;
    }

    public long inputSize() {
        return (long) planes() * height * width;
    }

    public long outputSize() {
        return (long) planes() * outHeight() * outWidth();
    }
}
