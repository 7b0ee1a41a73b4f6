package io.simdnn.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.simdnn.nn.Prediction;
import picocli.CommandLine;

/**
 * How {@code predict} prints the {@code k} most probable classes of each input, most probable
 * first ({@link Prediction#top}):
 *
 * <ul>
 *   <li>{@link #TEXT}: a line per input, {@code name: Sneaker 97.12%, Sandal 2.01%, Bag 0.50%};</li>
 *   <li>{@link #CSV}: the header {@code input,rank,class,index,probability}, then a row per input
 *       and rank (1 is the most probable);</li>
 *   <li>{@link #JSON}: an array with an object per input, one per line:
 *       {@code {"input":"a.png","top":[{"class":"Sneaker","index":7,"probability":0.9712}, ...]}}.</li>
 * </ul>
 *
 * CSV and JSON give probabilities as {@link Float#toString} writes them (they read back to the
 * same float); text as percentages with two decimals.
 */
enum PredictionFormat {
    /** One readable line per input. */
    TEXT {
        @Override
        void write(PrintStream out, List<String> names, List<Prediction> predictions, int k) {
            for (int i = 0; i < names.size(); i++) {
                List<String> classes = new ArrayList<>();
                for (Prediction.ClassProbability entry : predictions.get(i).top(k)) {
                    classes.add(String.format(Locale.ROOT, "%s %.2f%%", entry.className(), 100 * entry.probability()));
                }
                out.println(names.get(i) + ": " + String.join(", ", classes));
            }
        }
    },
    /** A row per input and rank. */
    CSV {
        @Override
        void write(PrintStream out, List<String> names, List<Prediction> predictions, int k) {
            out.println(Csv.row(List.of("input", "rank", "class", "index", "probability")));
            for (int i = 0; i < names.size(); i++) {
                int rank = 1;
                for (Prediction.ClassProbability entry : predictions.get(i).top(k)) {
                    out.println(Csv.row(List.of(names.get(i), Integer.toString(rank++), entry.className(),
                            Integer.toString(entry.index()), Float.toString(entry.probability()))));
                }
            }
        }
    },
    /** A JSON array, an object per input. */
    JSON {
        @Override
        void write(PrintStream out, List<String> names, List<Prediction> predictions, int k) {
            // NaN probabilities (a model with non-finite weights) are written as NaN rather than failing
            Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
            out.println("[");
            for (int i = 0; i < names.size(); i++) {
                JsonArray top = new JsonArray();
                for (Prediction.ClassProbability entry : predictions.get(i).top(k)) {
                    JsonObject item = new JsonObject();
                    item.addProperty("class", entry.className());
                    item.addProperty("index", entry.index());
                    item.addProperty("probability", entry.probability());
                    top.add(item);
                }
                JsonObject input = new JsonObject();
                input.addProperty("input", names.get(i));
                input.add("top", top);
                out.println(gson.toJson(input) + (i + 1 < names.size() ? "," : ""));
            }
            out.println("]");
        }
    };

    /** Prints the {@code k} best classes of {@code predictions}, the i-th prediction being of the input {@code names[i]}. */
    abstract void write(PrintStream out, List<String> names, List<Prediction> predictions, int k);

    /** Reads {@code text}, {@code csv} or {@code json} (any case) for picocli; another value is a command-line error. */
    static final class Converter implements CommandLine.ITypeConverter<PredictionFormat> {
        @Override
        public PredictionFormat convert(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format: text, csv or json");
            }
        }
    }
}
