package io.simdnn.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.train.EpochStats;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code metrics.json} is JSON a strict parser reads back: settings, test metrics, every epoch as epochs.jsonl has it. */
class RunReportTest {
    @Test
    void metricsJsonReadsBackWithEveryValue() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", "[1, 4, 4] -> dense(16->3) \"quoted\" <tag> & more");
        settings.put("seed", "42");
        // class 2 is never predicted and never present: its precision and recall are 0/0
        Evaluation test = Evaluation.of(0.75, new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 0}, List.of("a", "b", "c"));
        List<EpochStats> epochs = List.of(new EpochStats(1, 0.9, 0.02, 0.5, 0.8, 0.55, 0.05, 1.25, 900),
                new EpochStats(2, Double.NaN, 0.03, 0.6, Double.POSITIVE_INFINITY, 0.6, 0.04, 1.5, 950),
                new EpochStats(3, 0.7, 0.03, 0.7, Double.NaN, Double.NaN, 0.03, 1.5, 950)); // --validation 0
        String text = RunReport.metricsJson(settings, epochs, test, 0.025, 12.5);

        JsonObject json = strict(text).getAsJsonObject();
        assertEquals(settings.get("model"), json.getAsJsonObject("settings").get("model").getAsString());
        assertEquals(12.5, json.get("train_seconds").getAsDouble());
        JsonObject metrics = json.getAsJsonObject("test");
        assertEquals(0.75, metrics.get("loss").getAsDouble());
        assertEquals(0.025, metrics.get("l2_penalty").getAsDouble());
        assertEquals(0.75, metrics.get("accuracy").getAsDouble());
        assertEquals("c", metrics.getAsJsonArray("classes").get(2).getAsJsonObject().get("name").getAsString());
        assertTrue(metrics.getAsJsonArray("classes").get(2).getAsJsonObject().get("precision").isJsonNull());
        assertEquals(2.0 / 3, metrics.getAsJsonArray("classes").get(0).getAsJsonObject().get("precision").getAsDouble(), 1e-15);
        assertEquals(1, metrics.getAsJsonArray("confusion").get(1).getAsJsonArray().get(0).getAsLong());
        assertEquals(3, json.getAsJsonArray("epochs").size());
        for (int e = 0; e < epochs.size(); e++) {
            assertEquals(JsonParser.parseString(epochs.get(e).toJson()), json.getAsJsonArray("epochs").get(e));
        }
        JsonObject diverged = json.getAsJsonArray("epochs").get(1).getAsJsonObject();
        assertTrue(diverged.get("train_loss").isJsonNull() && diverged.get("val_loss").isJsonNull(), diverged.toString());
        assertEquals(0.6, diverged.get("val_accuracy").getAsDouble());
        assertEquals(0.03, diverged.get("l2_penalty").getAsDouble());
        JsonObject unvalidated = json.getAsJsonArray("epochs").get(2).getAsJsonObject();
        assertTrue(unvalidated.get("val_loss").isJsonNull() && unvalidated.get("val_accuracy").isJsonNull(), unvalidated.toString());
    }

    /** {@code text} read by Gson in strict RFC 8259 mode, to its end. */
    private static JsonElement strict(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = new Gson().getAdapter(JsonElement.class).read(reader);
            assertEquals(JsonToken.END_DOCUMENT, reader.peek());
            return element;
        } catch (IOException e) {
            throw new AssertionError("not strict JSON: " + text, e);
        }
    }

    @Test
    void anEpochIsOneLineWithRoundedNumbers() {
        String line = new EpochStats(3, 1.0 / 3, 0.03, 0.5, 0.3, 0.6, 1.23456789e-5, 2, 1000).toJson();
        strict(line);
        assertEquals("{\"epoch\":3,\"train_loss\":0.333333,\"l2_penalty\":0.030000,\"train_accuracy\":0.500000,\"val_loss\":0.300000,"
                + "\"val_accuracy\":0.600000,\"lr\":0.0000123457,\"seconds\":2.000,\"samples_per_second\":1000.0}", line);
    }
}
