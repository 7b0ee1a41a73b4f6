package io.simdnn.app;

import java.util.List;
import java.util.stream.Collectors;

/** CSV rows as RFC 4180 has them: a cell holding a comma, a quote or a line break is quoted, its quotes doubled. */
final class Csv {
    private Csv() {}

    /** The cells joined by commas, each quoted if it needs to be (model specs and class names may hold commas or quotes). */
    static String row(List<String> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(","));
    }

    private static String cell(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
