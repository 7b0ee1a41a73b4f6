package io.simdnn.kernels;

/**
 * Geometry of a batch laid out as {@code N x C x S}, row-major: {@code batch} samples of
 * {@code channels} channels of {@code spatial} consecutive values each. A convolution output
 * {@code N x C x H x W} has {@code spatial = H * W}; dense features {@code N x F} are
 * {@code F} channels with {@code spatial = 1}. Element {@code (n, c, s)} is at flat index
 * {@code (n * C + c) * S + s}.
 */
public record ChannelShape(int batch, int channels, int spatial) {
    public ChannelShape {
        if (batch < 1 || channels < 1 || spatial < 1) {
            throw new IllegalArgumentException("channel shape sizes must be >= 1, got batch " + batch + " x channels "
                    + channels + " x spatial " + spatial);
        }
        if ((long) batch * channels * spatial > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("channel shape " + batch + " x " + channels + " x " + spatial
                    + " has more than 2^31 - 1 elements");
        }
    }

    /** All elements, {@code N * C * S}. */
    public int size() {
        return batch * channels * spatial;
    }

    /** Values per channel over the batch, {@code M = N * S}: what batch statistics average over. */
    public int valuesPerChannel() {
        return batch * spatial;
    }

    /** Flat index of {@code (n, c, 0)}: the start of one channel's run of {@code spatial} values. */
    public int runStart(int n, int c) {
        return (n * channels + c) * spatial;
    }

    @Override
    public String toString() {
        return batch + " x " + channels + " x " + spatial;
    }
}
