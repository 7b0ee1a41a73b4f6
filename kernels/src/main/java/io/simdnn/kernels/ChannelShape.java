package io.simdnn.kernels;

/**
 * Geometry of a batch laid out as {@code N x C x S}, row-major: {@code batch} samples of
 * {@code channels} channels of {@code spatial} consecutive values each. A convolution output
 * {@code N x C x H x W} has {@code spatial = H * W}; dense features {@code N x F} are
 * {@code F} channels with {@code spatial = 1}. Element {@code (n, c, s)} is at flat index
 * {@code (n * C + c) * S + s}.
 *
 * @param batch    N, samples
 * @param channels C, channels per sample
 * @param spatial  S, consecutive values per channel and sample
 */
public record ChannelShape(int batch, int channels, int spatial) {
    /**
     * Validates the sizes.
     *
     * @throws IllegalArgumentException if a size is below 1 or {@code N * C * S} exceeds
     *         {@code Integer.MAX_VALUE}
     */
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

    /**
     * All elements.
     *
     * @return {@code N * C * S}
     */
    public int size() {
        return batch * channels * spatial;
    }

    /**
     * Values per channel over the batch: what batch statistics average over.
     *
     * @return {@code M = N * S}
     */
    public int valuesPerChannel() {
        return batch * spatial;
    }

    /**
     * Flat index of {@code (n, c, 0)}: the start of one channel's run of {@code spatial} values.
     * The arguments are not checked.
     *
     * @param n sample, in {@code [0, N)}
     * @param c channel, in {@code [0, C)}
     * @return {@code (n * C + c) * S}
     */
    public int runStart(int n, int c) {
        return (n * channels + c) * spatial;
    }

    /**
     * The sizes, for messages.
     *
     * @return {@code "N x C x S"}
     */
    @Override
    public String toString() {
        return batch + " x " + channels + " x " + spatial;
    }
}
