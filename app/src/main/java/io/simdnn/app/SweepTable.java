package io.simdnn.app;

import io.simdnn.nn.train.EpochStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of a sweep, one row per finished run: the configuration that varies and the
 * validation accuracy and loss of the epoch whose weights were kept, with test accuracy and time.
 * Rendered as Markdown (also what the terminal shows) and CSV.
 */
final class SweepTable {
    static final String MARKDOWN_FILE = "sweep.md";
    static final String CSV_FILE = "sweep.csv";
    private static final List<String> COLUMNS = List.of("run", "model", "lr", "epochs", "best epoch", "val accuracy",
            "val loss", "test accuracy", "seconds", "directory");

    private final List<List<String>> rows = new ArrayList<>();

    /** Adds a finished run; returns its Markdown row. */
    String add(TrainingRun.Outcome outcome) {
        TrainingConfig config = outcome.config();
        EpochStats best = outcome.bestEpoch();
        List<String> row = List.of(Integer.toString(rows.size() + 1), config.modelSpec().toString(),
                Float.toString(config.learningRate()), Integer.toString(config.epochs()),
                Integer.toString(outcome.result().bestEpoch()),
                String.format(Locale.ROOT, "%.4f", best.validationAccuracy()),
                String.format(Locale.ROOT, "%.4f", best.validationLoss()),
                String.format(Locale.ROOT, "%.4f", outcome.test().accuracy()),
                String.format(Locale.ROOT, "%.1f", outcome.seconds()),
                outcome.directory().path().getFileName().toString());
        rows.add(row);
        return markdownRow(row);
    }

    int size() {
        return rows.size();
    }

    /** The header line and the separator line. */
    static String markdownHeader() {
        return markdownRow(COLUMNS) + "\n" + markdownRow(COLUMNS.stream().map(c -> "---").toList());
    }

    String markdown() {
        StringBuilder text = new StringBuilder(markdownHeader()).append('\n');
        for (List<String> row : rows) {
            text.append(markdownRow(row)).append('\n');
        }
        return text.toString();
    }

    String csv() {
        StringBuilder text = new StringBuilder(Csv.row(COLUMNS)).append('\n');
        for (List<String> row : rows) {
            text.append(Csv.row(row)).append('\n');
        }
        return text.toString();
    }

    /** The row with the highest validation accuracy (the first of equals), as Markdown. */
    String best() {
        List<String> best = rows.getFirst();
        for (List<String> row : rows) {
            if (Double.parseDouble(row.get(5)) > Double.parseDouble(best.get(5))) {
                best = row;
            }
        }
        return markdownRow(best);
    }

    /** Writes both files into {@code directory}, each replaced atomically so a reader never sees half a table. */
    void write(Path directory) throws IOException {
        replace(directory.resolve(MARKDOWN_FILE), markdown());
        replace(directory.resolve(CSV_FILE), csv());
    }

    private static void replace(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".partial");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String markdownRow(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }
}
