package io.simdnn.app.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.io.Json;
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

    static String metricsJson(Map<String, String> settings, List<EpochStats> epochs, Evaluation test, double testL2Penalty,
                              double trainSeconds) {
        StringBuilder json = new StringBuilder("{\n  \"settings\": {");
        boolean first = true;
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            json.append(first ? "" : ", ").append(Json.quote(entry.getKey())).append(": ").append(Json.quote(entry.getValue()));
            first = false;
        }
        json.append("},\n  \"train_seconds\": ").append(Json.number(trainSeconds));
        json.append(",\n  \"test\": {\"loss\": ").append(Json.number(test.loss()))
                .append(", \"l2_penalty\": ").append(Json.number(testL2Penalty))
                .append(", \"accuracy\": ").append(Json.number(test.accuracy())).append(", \"classes\": [");
        for (int c = 0; c < test.classNames().size(); c++) {
            json.append(c == 0 ? "" : ", ").append("{\"name\": ").append(Json.quote(test.classNames().get(c)))
                    .append(", \"precision\": ").append(Json.number(test.precision(c)))
                    .append(", \"recall\": ").append(Json.number(test.recall(c))).append('}');
        }
        json.append("], \"confusion\": [");
        long[][] confusion = test.confusion();
        for (int r = 0; r < confusion.length; r++) {
            json.append(r == 0 ? "" : ", ").append(java.util.Arrays.toString(confusion[r]));
        }
        json.append("]},\n  \"epochs\": [\n");
        for (int e = 0; e < epochs.size(); e++) {
            json.append("    ").append(epochs.get(e).toJson()).append(e + 1 < epochs.size() ? ",\n" : "\n");
        }
        return json.append("  ]\n}\n").toString();
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
