package io.simdnn.nn.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
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
    /** Compact, nulls kept (a missing or non-finite number is written as null), no HTML escaping. */
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

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
     *         {@code train_accuracy}, {@code val_loss} and {@code val_accuracy} (6 decimals; the
     *         validation values are null without validation), {@code lr} (6 significant digits),
     *         {@code seconds} (3 decimals) and {@code samples_per_second} (1 decimal); any NaN or
     *         infinite value (a diverged epoch) is null, which JSON can represent
     */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("epoch", epoch);
        json.add("train_loss", rounded("%.6f", trainLoss));
        json.add("l2_penalty", rounded("%.6f", l2Penalty));
        json.add("train_accuracy", rounded("%.6f", trainAccuracy));
        json.add("val_loss", rounded("%.6f", validationLoss));
        json.add("val_accuracy", rounded("%.6f", validationAccuracy));
        json.add("lr", rounded("%.6g", learningRate));
        json.add("seconds", rounded("%.3f", seconds));
        json.add("samples_per_second", rounded("%.1f", samplesPerSecond));
        return GSON.toJson(json);
    }

    /** {@code value} rounded as {@code format} rounds it, written with exactly those digits; null if not finite. */
    private static JsonElement rounded(String format, double value) {
        return Double.isFinite(value) ? new JsonPrimitive(new BigDecimal(String.format(Locale.ROOT, format, value))) : JsonNull.INSTANCE;
    }
}
