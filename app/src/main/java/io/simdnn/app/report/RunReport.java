package io.simdnn.app.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.train.EpochStats;

/**
 * Writes a run's report into its directory: {@code metrics.json}, PNG plots (loss and accuracy
 * per epoch, confusion matrix, first-layer weights, misclassified test images) and
 * {@code report.html} that shows them with the settings and per-class precision and recall.
 *
 * <p>Every loss is the data loss (mean cross-entropy), the number {@code eval} prints for the same
 * weights; the L2 penalty appears beside it ({@code l2_penalty}), never inside it.
 */
public final class RunReport {
    /** Indented, nulls kept, no HTML escaping (the file is read as JSON, not embedded in a page). */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private RunReport() {}

    /**
     * Writes every file of the report; {@code testL2Penalty} is the L2 penalty of the kept weights
     * (0 without L2), reported beside the test loss.
     */
    public static void write(Path dir, Map<String, String> settings, List<EpochStats> epochs, Evaluation test,
                             double testL2Penalty, Param firstLayerWeights, Dataset testData, int[] testPredictions,
                             double trainSeconds) throws IOException {
        Files.createDirectories(dir);
        double[] trainLoss = epochs.stream().mapToDouble(EpochStats::trainLoss).toArray();
        double[] valLoss = epochs.stream().mapToDouble(EpochStats::validationLoss).toArray();
        double[] trainAcc = epochs.stream().mapToDouble(EpochStats::trainAccuracy).toArray();
        double[] valAcc = epochs.stream().mapToDouble(EpochStats::validationAccuracy).toArray();
        boolean validated = epochs.stream().anyMatch(EpochStats::validated);
        Charts.lineChart(dir.resolve("loss.png"), "Data loss per epoch (L2 penalty excluded)", "loss",
                curves(trainLoss, validated ? valLoss : null));
        Charts.lineChart(dir.resolve("accuracy.png"), "Accuracy per epoch", "accuracy", curves(trainAcc, validated ? valAcc : null));
        Charts.confusionMatrix(dir.resolve("confusion.png"), test.confusion(), test.classNames());
        writeFilters(dir.resolve("filters.png"), firstLayerWeights, testData.sampleShape());
        writeMisclassified(dir.resolve("misclassified.png"), testData, testPredictions);
        Files.writeString(dir.resolve("metrics.json"), metricsJson(settings, epochs, test, testL2Penalty, trainSeconds));
        Files.writeString(dir.resolve("report.html"), html(settings, epochs, test, testL2Penalty, trainSeconds));
    }

    /** The training curve, and the validation curve unless the run had no validation ({@code validation == null}). */
    private static List<Charts.Series> curves(double[] training, double[] validation) {
        Charts.Series train = new Charts.Series("training", Charts.BLUE, training);
        return validation == null ? List.of(train) : List.of(train, new Charts.Series("validation", Charts.ORANGE, validation));
    }

    /**
     * First-layer weights as images: a conv layer's filters (channel 0 of each, kernel-sized), or a
     * dense layer's first 32 weight rows reshaped to the input image.
     */
    private static void writeFilters(Path file, Param weights, int[] sampleShape) throws IOException {
        int[] shape = weights.value().shape();
        boolean conv = shape.length == 4;
        int height = conv ? shape[2] : sampleShape[sampleShape.length - 2];
        int width = conv ? shape[3] : sampleShape[sampleShape.length - 1];
        int rowLength = weights.value().rowLength();
        float[] all = weights.value().toArray();
        List<float[]> images = new ArrayList<>();
        for (int unit = 0; unit < Math.min(32, shape[0]); unit++) {
            float[] image = new float[height * width];
            System.arraycopy(all, unit * rowLength, image, 0, Math.min(image.length, rowLength));
            images.add(image);
        }
        Charts.imageGrid(file, images, height, width, List.of(), 8, conv ? 12 : 3);
    }

    private static void writeMisclassified(Path file, Dataset data, int[] predictions) throws IOException {
        int[] shape = data.sampleShape();
        int height = shape[shape.length - 2], width = shape[shape.length - 1];
        List<float[]> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < data.count() && images.size() < 36; i++) {
            if (predictions[i] != data.labels()[i]) {
                float[] image = new float[height * width];
                System.arraycopy(data.features(), i * data.sampleSize(), image, 0, image.length);
                images.add(image);
                captions.add(shorten(data.classNames().get(data.labels()[i])) + " / " + shorten(data.classNames().get(predictions[i])));
            }
        }
        Charts.imageGrid(file, images, height, width, captions, 6, 3);
    }

    private static String shorten(String name) {
        return name.length() <= 9 ? name : name.substring(0, 8) + ".";
    }

    /**
     * {@code metrics.json}: the settings, the training time, the test set's data loss, L2 penalty,
     * accuracy, per-class precision and recall and confusion matrix, and every epoch as
     * {@code epochs.jsonl} has it. A NaN or infinite number is written as null.
     */
    static String metricsJson(Map<String, String> settings, List<EpochStats> epochs, Evaluation test, double testL2Penalty,
                              double trainSeconds) {
        JsonObject json = new JsonObject();
        JsonObject settingsJson = new JsonObject();
        settings.forEach(settingsJson::addProperty);
        json.add("settings", settingsJson);
        json.add("train_seconds", number(trainSeconds));
        JsonObject testJson = new JsonObject();
        testJson.add("loss", number(test.loss()));
        testJson.add("l2_penalty", number(testL2Penalty));
        testJson.add("accuracy", number(test.accuracy()));
        JsonArray classes = new JsonArray();
        for (int c = 0; c < test.classNames().size(); c++) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", test.classNames().get(c));
            entry.add("precision", number(test.precision(c)));
            entry.add("recall", number(test.recall(c)));
            classes.add(entry);
        }
        testJson.add("classes", classes);
        JsonArray confusion = new JsonArray();
        for (long[] row : test.confusion()) {
            JsonArray counts = new JsonArray();
            for (long count : row) {
                counts.add(count);
            }
            confusion.add(counts);
        }
        testJson.add("confusion", confusion);
        json.add("test", testJson);
        JsonArray epochsJson = new JsonArray();
        for (EpochStats epoch : epochs) {
            epochsJson.add(JsonParser.parseString(epoch.toJson())); // the epochs.jsonl line, so both files agree
        }
        json.add("epochs", epochsJson);
        return GSON.toJson(json) + "\n";
    }

    /** A finite number as JSON, or null for NaN and infinities (which JSON cannot represent). */
    private static JsonElement number(double value) {
        return Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
    }

    private static String html(Map<String, String> settings, List<EpochStats> epochs, Evaluation test, double testL2Penalty,
                               double trainSeconds) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>simdnn run report</title>
                <style>body{font-family:sans-serif;margin:2em;max-width:1100px} table{border-collapse:collapse;margin:1em 0}
                td,th{border:1px solid #ccc;padding:3px 8px;text-align:right} th{background:#f4f4f4} img{margin:6px;border:1px solid #ddd}</style>
                </head><body>
                """);
        html.append(String.format(Locale.ROOT, "<h1>simdnn run: test accuracy %.2f%%</h1>%n", 100 * test.accuracy()));
        html.append(String.format(Locale.ROOT, "<p>Test loss %.4f (cross-entropy, the L2 penalty of %.4f not included) on %d "
                + "samples; training took %.1f s.</p>%n", test.loss(), testL2Penalty, test.total(), trainSeconds));
        html.append("<h2>Settings</h2><table>");
        settings.forEach((key, value) -> html.append("<tr><th>").append(escape(key)).append("</th><td style=\"text-align:left\">")
                .append(escape(value)).append("</td></tr>"));
        html.append("</table>\n<h2>Learning curves</h2><img src=\"loss.png\" alt=\"loss per epoch\"><img src=\"accuracy.png\" alt=\"accuracy per epoch\">\n");
        html.append("<table><tr><th>epoch</th><th>train loss</th><th>train acc</th><th>val loss</th><th>val acc</th><th>L2 penalty</th><th>lr</th><th>s</th><th>samples/s</th></tr>");
        for (EpochStats e : epochs) {
            html.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.4f</td><td>%.4f</td><td>%s</td><td>%s</td><td>%.4f</td><td>%.4g</td><td>%.1f</td><td>%.0f</td></tr>",
                    e.epoch(), e.trainLoss(), e.trainAccuracy(), cell(e.validationLoss()), cell(e.validationAccuracy()), e.l2Penalty(),
                    e.learningRate(), e.seconds(), e.samplesPerSecond()));
        }
        html.append("</table>\n<h2>Test set: per-class precision and recall</h2><table><tr><th>class</th><th>precision</th><th>recall</th></tr>");
        for (int c = 0; c < test.classNames().size(); c++) {
            html.append(String.format(Locale.ROOT, "<tr><td style=\"text-align:left\">%s</td><td>%.4f</td><td>%.4f</td></tr>",
                    escape(test.classNames().get(c)), test.precision(c), test.recall(c)));
        }
        html.append("</table>\n<img src=\"confusion.png\" alt=\"confusion matrix\">\n");
        html.append("<h2>First-layer weights</h2><img src=\"filters.png\" alt=\"first-layer weights\">\n");
        html.append("<h2>Misclassified test images (true / predicted)</h2><img src=\"misclassified.png\" alt=\"misclassified test images\">\n");
        return html.append("</body></html>\n").toString();
    }

    /** Four decimals, or a dash for a value that was not measured (no validation). */
    private static String cell(double value) {
        return Double.isNaN(value) ? "&ndash;" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
