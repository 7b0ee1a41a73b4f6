package io.simdnn.nn.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.Locale;

/** What one epoch measured: training loss (data + L2) and accuracy, validation loss and accuracy, speed. */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double learningRate, double seconds, double samplesPerSecond) {
    /** Compact, nulls kept (a non-finite number is written as null), no HTML escaping. */
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    /**
     * The epoch as one line of JSON, the format of a run's {@code epochs.jsonl}: {@code epoch},
     * {@code train_loss}, {@code train_accuracy}, {@code val_loss}, {@code val_accuracy} (6
     * decimals), {@code lr} (6 significant digits), {@code seconds} (3 decimals),
     * {@code samples_per_second} (1 decimal); a NaN or infinite value (a diverged epoch) is
     * {@code null}, which JSON can represent.
     */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("epoch", epoch);
        json.add("train_loss", rounded("%.6f", trainLoss));
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
