package io.simdnn.nn.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-channel standardization {@code x' = (x - mean[c]) / std[c]}. The statistics are fitted on
 * the training split only and applied to every split (validation and test included), so nothing
 * about held-out data leaks into training. Channel {@code c} of a sample of shape
 * {@code [C, H, W]} is its c-th plane; a sample of rank 1 is one channel.
 *
 * <p>A model built with a standardization ({@code ModelBuilder.standardization}) applies it to
 * its inputs itself, and the statistics travel in its file's metadata ({@link #toMetadata}), so a
 * loaded model applies exactly the transformation it was trained with. Floats are written with
 * {@link Float#toString}, which reads back to the same bits.
 *
 * @param means the mean of each channel (copied in and out)
 * @param stds  the deviation of each channel, each finite and &gt; 0 (copied in and out)
 */
public record ChannelStandardization(float[] means, float[] stds) {
    /** A (near-)constant channel is only centred: dividing by a tiny deviation would blow it up. */
    public static final float MIN_STD = 1e-6f;

    static final String MEAN_KEY = "standardize_mean";
    static final String STD_KEY = "standardize_std";

    /**
     * Validates and copies the statistics.
     *
     * @throws IllegalArgumentException if there are none, their counts differ, or a value is not
     *         finite or a deviation not positive
     */
    public ChannelStandardization {
        if (means.length == 0 || means.length != stds.length) {
            throw new IllegalArgumentException("need one mean and one deviation per channel, got " + means.length
                    + " and " + stds.length);
        }
        for (int c = 0; c < means.length; c++) {
            if (!Float.isFinite(means[c]) || !Float.isFinite(stds[c]) || !(stds[c] > 0)) {
                throw new IllegalArgumentException("channel " + c + " has mean " + means[c] + " and deviation " + stds[c]
                        + "; both must be finite and the deviation > 0");
            }
        }
        means = means.clone();
        stds = stds.clone();
    }

    /**
     * Mean and population standard deviation of each channel of {@code train}, summed in double,
     * two passes. A channel whose deviation is below {@link #MIN_STD} gets deviation 1.
     *
     * @param train the training split; samples of shape {@code [C, ...]} have C channels, rank-1
     *              samples one
     * @return the fitted statistics
     */
    public static ChannelStandardization fit(Dataset train) {
        int channels = channels(train.sampleShape());
        int plane = train.sampleSize() / channels;
        float[] features = train.features();
        double[] sums = new double[channels];
        for (int s = 0; s < train.count(); s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    sums[c] += features[i];
                }
            }
        }
        double perChannel = (double) train.count() * plane;
        double[] means = new double[channels];
        for (int c = 0; c < channels; c++) {
            means[c] = sums[c] / perChannel;
        }
        // the second pass over squared deviations avoids the cancellation of E[x^2] - E[x]^2
        double[] squares = new double[channels];
        for (int s = 0; s < train.count(); s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    double deviation = features[i] - means[c];
                    squares[c] += deviation * deviation;
                }
            }
        }
        float[] meanValues = new float[channels];
        float[] stdValues = new float[channels];
        for (int c = 0; c < channels; c++) {
            meanValues[c] = (float) means[c];
            float std = (float) Math.sqrt(squares[c] / perChannel);
            stdValues[c] = std < MIN_STD ? 1f : std;
        }
        return new ChannelStandardization(meanValues, stdValues);
    }

    /**
     * {@code data} standardized, as a new data set (the original and its arrays are not changed;
     * the labels array is shared).
     *
     * @param data samples with as many channels as these statistics
     * @return a data set of the same name, labels and shape with standardized features
     * @throws IllegalArgumentException if the channel counts differ
     */
    public Dataset apply(Dataset data) {
        int channels = channels(data.sampleShape());
        if (channels != means.length) {
            throw new IllegalArgumentException(data.name() + " has " + channels + " channels, the standardization "
                    + means.length);
        }
        int plane = data.sampleSize() / channels;
        float[] source = data.features();
        float[] result = new float[source.length];
        for (int s = 0; s < data.count(); s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    result[i] = (source[i] - means[c]) / stds[c];
                }
            }
        }
        return new Dataset(data.name(), result, data.labels(), data.sampleShape(), data.classNames());
    }

    /**
     * The statistics as checkpoint metadata entries.
     *
     * @return {@code standardize_mean} and {@code standardize_std}, each comma-separated floats
     */
    public Map<String, String> toMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(MEAN_KEY, join(means));
        metadata.put(STD_KEY, join(stds));
        return metadata;
    }

    /**
     * The standardization recorded in {@code metadata}, or empty if the model was trained on
     * unstandardized data.
     *
     * @param metadata a model file's metadata
     * @return the statistics, or empty when neither key is present
     * @throws IllegalArgumentException if the entries are present but malformed
     */
    public static Optional<ChannelStandardization> fromMetadata(Map<String, String> metadata) {
        String means = metadata.get(MEAN_KEY);
        String stds = metadata.get(STD_KEY);
        if (means == null && stds == null) {
            return Optional.empty();
        }
        if (means == null || stds == null) {
            throw new IllegalArgumentException("metadata has only one of " + MEAN_KEY + " and " + STD_KEY);
        }
        try {
            return Optional.of(new ChannelStandardization(parse(MEAN_KEY, means), parse(STD_KEY, stds)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metadata " + MEAN_KEY + "/" + STD_KEY + ": " + e.getMessage());
        }
    }

    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?\\d+(\\.\\d*)?([eE][-+]?\\d+)?");

    private static int channels(int[] sampleShape) {
        return sampleShape.length >= 2 ? sampleShape[0] : 1;
    }

    private static String join(float[] values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ",").append(Float.toString(values[i]));
        }
        return text.toString();
    }

    /** Comma-separated finite decimal numbers; Java's own spellings ({@code NaN}, {@code 1f}, hex) are refused too. */
    private static float[] parse(String key, String text) {
        String[] parts = text.split(",", -1);
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (!DECIMAL.matcher(part).matches()) {
                throw new IllegalArgumentException(key + " entry " + i + " is '" + part + "', not a decimal number");
            }
            values[i] = Float.parseFloat(part);
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(key + " entry " + i + " is '" + part + "', beyond float range");
            }
        }
        return values;
    }

    /**
     * Whether {@code other} holds equal statistics (compared by value, unlike a record's arrays).
     *
     * @param other any object
     * @return {@code true} for a standardization with the same means and deviations
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelStandardization s && Arrays.equals(means, s.means) && Arrays.equals(stds, s.stds);
    }

    /**
     * A hash of the values, consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(stds);
    }

    /**
     * The statistics, for logs.
     *
     * @return e.g. {@code standardize(mean [0.286], std [0.353])}
     */
    @Override
    public String toString() {
        return "standardize(mean " + Arrays.toString(means) + ", std " + Arrays.toString(stds) + ")";
    }

    /**
     * The means.
     *
     * @return a copy, one per channel
     */
    @Override
    public float[] means() {
        return means.clone();
    }

    /**
     * The deviations.
     *
     * @return a copy, one per channel
     */
    @Override
    public float[] stds() {
        return stds.clone();
    }
}
