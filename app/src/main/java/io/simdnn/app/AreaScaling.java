package io.simdnn.app;

/**
 * Scales a plane of values (row-major, {@code height x width}) to another size by area averaging:
 * each output pixel is the mean of the input it covers, input pixels weighted by the fraction of
 * them it covers. Shrinking by a whole factor averages blocks (8 x 8 to 4 x 4: the mean of each
 * 2 x 2 block); enlarging repeats pixels, blending the two at a boundary that falls inside one.
 * The two axes are scaled one after the other (the box filter is separable).
 */
final class AreaScaling {
    private AreaScaling() {}

    /** {@code plane} ({@code height x width}) scaled to {@code outHeight x outWidth}. */
    static float[] scale(float[] plane, int height, int width, int outHeight, int outWidth) {
        if (plane.length != height * width) {
            throw new IllegalArgumentException(plane.length + " values for a " + height + " x " + width + " plane");
        }
        if (height == outHeight && width == outWidth) {
            return plane.clone();
        }
        double[][] columnWeights = weights(width, outWidth);
        double[][] rowWeights = weights(height, outHeight);
        float[] rows = new float[height * outWidth]; // each row scaled to outWidth
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < outWidth; x++) {
                rows[y * outWidth + x] = (float) weighted(plane, y * width, 1, columnWeights[x]);
            }
        }
        float[] out = new float[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = (float) weighted(rows, x, outWidth, rowWeights[y]);
            }
        }
        return out;
    }

    /** Sum of {@code weights[2k + 1] * values[base + weights[2k] * stride]}. */
    private static double weighted(float[] values, int base, int stride, double[] weights) {
        double sum = 0;
        for (int k = 0; k < weights.length; k += 2) {
            sum += weights[k + 1] * values[base + (int) weights[k] * stride];
        }
        return sum;
    }

    /**
     * For each of {@code outSize} output positions, the input positions it covers and their
     * weights, as pairs {@code (index, weight)}: output j covers {@code [j n / m, (j + 1) n / m)}
     * of the {@code n} inputs, and the weights (fractions of that span) sum to 1.
     */
    private static double[][] weights(int inSize, int outSize) {
        double[][] all = new double[outSize][];
        double span = (double) inSize / outSize;
        for (int j = 0; j < outSize; j++) {
            double start = j * span;
            double end = (j + 1) * span;
            int first = (int) Math.floor(start);
            int last = Math.min(inSize - 1, (int) Math.ceil(end) - 1);
            double[] pairs = new double[2 * (last - first + 1)];
            for (int i = first; i <= last; i++) {
                double overlap = Math.min(end, i + 1) - Math.max(start, i);
                pairs[2 * (i - first)] = i;
                pairs[2 * (i - first) + 1] = overlap / span;
            }
            all[j] = pairs;
        }
        return all;
    }
}
