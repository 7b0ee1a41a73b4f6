package io.simdnn.nn.train;

import java.util.Locale;

/**
 * What one epoch measured. Every loss here is the data loss, the mean softmax cross-entropy; the
 * L2 penalty is reported on its own, so the objective the optimizer minimizes is
 * {@code trainLoss + l2Penalty} and the numbers compare directly with {@code eval}'s and PyTorch's.
 * Without a validation set the two validation fields are NaN.
 *
 * @param epoch              the epoch, 1-based
 * @param trainLoss          mean data loss over the epoch's training batches (the weights change as it is measured)
 * @param l2Penalty          {@code lambda * sum ||W||^2} over the weights at the end of the epoch, the ones
 *                           validated; 0 without L2
 * @param trainAccuracy      fraction of the epoch's training samples predicted correctly, in training mode
 * @param validationLoss     mean data loss on the validation set after the epoch; NaN without validation
 * @param validationAccuracy accuracy on the validation set after the epoch; NaN without validation
 * @param learningRate       the learning rate of the epoch
 * @param seconds            training time of the epoch, validation excluded
 * @param samplesPerSecond   training samples per second
 */
public record EpochStats(int epoch, double trainLoss, double l2Penalty, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double learningRate, double seconds, double samplesPerSecond) {
    /**
     * Whether the epoch was validated.
     *
     * @return {@code false} when training ran without a validation set
     */
    public boolean validated() {
        return !Double.isNaN(validationLoss);
    }

    /**
     * One line of {@code epochs.jsonl}.
     *
     * @return a JSON object with {@code epoch}, {@code train_loss}, {@code l2_penalty},
     *         {@code train_accuracy}, {@code val_loss} and {@code val_accuracy} (null without
     *         validation), {@code lr}, {@code seconds} and {@code samples_per_second}
     */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"epoch\":%d,\"train_loss\":%.6f,\"l2_penalty\":%.6f,\"train_accuracy\":%.6f,\"val_loss\":%s,\"val_accuracy\":%s,"
                        + "\"lr\":%.6g,\"seconds\":%.3f,\"samples_per_second\":%.1f}",
                epoch, trainLoss, l2Penalty, trainAccuracy, fixed(validationLoss), fixed(validationAccuracy), learningRate,
                seconds, samplesPerSecond);
    }

    /** Six decimals, or JSON's null for NaN (no validation). */
    private static String fixed(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.6f", value);
    }
}
