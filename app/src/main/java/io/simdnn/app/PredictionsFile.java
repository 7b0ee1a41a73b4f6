package io.simdnn.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.simdnn.nn.Prediction;

/**
 * {@code eval --predictions FILE}: one CSV row per test sample, {@code index,label,predicted,<class 0>,<class 1>,...}:
 * the sample's index in the test set, its label and the predicted class (class names), then the
 * model's probability of each class, headed by the class name ({@link Float#toString}, which reads
 * back to the same float).
 */
final class PredictionsFile {
    private PredictionsFile() {}

    /** Writes {@code predictions} of the samples labelled {@code labels} (one each, in order) to {@code file}. */
    static void write(Path file, int[] labels, List<Prediction> predictions) throws IOException {
        if (labels.length != predictions.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + predictions.size() + " predictions");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            List<String> header = new ArrayList<>(List.of("index", "label", "predicted"));
            List<String> classes = predictions.getFirst().classNames();
            header.addAll(classes);
            out.write(Csv.row(header));
            out.newLine();
            for (int i = 0; i < labels.length; i++) {
                Prediction prediction = predictions.get(i);
                List<String> row = new ArrayList<>(List.of(Integer.toString(i), classes.get(labels[i]), prediction.className()));
                for (float probability : prediction.probabilities()) {
                    row.add(Float.toString(probability));
                }
                out.write(Csv.row(row));
                out.newLine();
            }
        }
    }
}
