package io.simdnn.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The results of one benchmark run, read back from JMH's JSON output ({@code -rf json}). The
 * report is built from this file rather than from JMH's in-memory results, so that a saved run can
 * be re-reported ({@code bench report DIR}) and the report is tested on a recorded file.
 *
 * <p>A fork's score is the median of its measurement iterations (robust to one disturbed
 * iteration on a shared machine); {@link ForkScores} then gives the median fork and the spread
 * between forks, which is what alignment and JIT luck move.
 */
public final class JmhResults {
    /** The GC profiler's allocation per operation, in the secondary metrics. */
    public static final String ALLOCATION_METRIC = "gc.alloc.rate.norm";
    /** The unit JMH reports a benchmark's auxiliary event counters in. */
    static final String COUNTER_UNIT = "#";

    private final List<BenchmarkRun> runs;

    private JmhResults(List<BenchmarkRun> runs) {
        this.runs = List.copyOf(runs);
    }

    /** Reads a JMH JSON result file. */
    public static JmhResults read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses JMH JSON text.
     *
     * @throws IllegalArgumentException if it is not JMH's result format
     */
    public static JmhResults parse(String json) {
        List<BenchmarkRun> runs = new ArrayList<>();
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonArray()) {
                throw new IllegalArgumentException("a JMH result file is a JSON array of benchmarks");
            }
            for (JsonElement element : root.getAsJsonArray()) {
                runs.add(run(element.getAsJsonObject()));
            }
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            // Gson reports a missing member as a null or a wrong type as IllegalStateException
            throw new IllegalArgumentException("not a JMH JSON result: " + e.getMessage(), e);
        }
        return new JmhResults(runs);
    }

    private static BenchmarkRun run(JsonObject entry) {
        String fullName = entry.get("benchmark").getAsString();
        String[] parts = fullName.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("benchmark name '" + fullName + "' has no class");
        }
        String benchmark = parts[parts.length - 2] + "." + parts[parts.length - 1];
        Map<String, String> params = new LinkedHashMap<>();
        if (entry.has("params")) {
            entry.getAsJsonObject("params").entrySet().forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
        }
        JsonObject primary = entry.getAsJsonObject("primaryMetric");
        JsonObject secondary = entry.has("secondaryMetrics") ? entry.getAsJsonObject("secondaryMetrics") : new JsonObject();
        Optional<ForkScores> allocation = Optional.ofNullable(secondary.getAsJsonObject(ALLOCATION_METRIC))
                .map(metric -> forkMedians(benchmark, metric));
        // @AuxCounters of type EVENTS: JMH gives them the unit "#" (profilers' metrics are named gc.*, ·cpu.* ...)
        Map<String, ForkScores> counters = new LinkedHashMap<>();
        secondary.entrySet().stream()
                .filter(metric -> metric.getValue().getAsJsonObject().get("scoreUnit").getAsString().equals(COUNTER_UNIT))
                .forEach(metric -> counters.put(metric.getKey(), forkMedians(benchmark, metric.getValue().getAsJsonObject())));
        String settings = String.format(java.util.Locale.ROOT, "%d fork%s, %d x %s warm-up, %d x %s measurement",
                entry.get("forks").getAsInt(), entry.get("forks").getAsInt() == 1 ? "" : "s",
                entry.get("warmupIterations").getAsInt(), entry.get("warmupTime").getAsString(),
                entry.get("measurementIterations").getAsInt(), entry.get("measurementTime").getAsString());
        return new BenchmarkRun(benchmark, params, primary.get("scoreUnit").getAsString(),
                forkMedians(benchmark, primary), allocation, counters, settings);
    }

    /** {@code rawData} is one array per fork of the iteration scores. */
    private static ForkScores forkMedians(String benchmark, JsonObject metric) {
        JsonArray forks = metric.getAsJsonArray("rawData");
        if (forks == null || forks.isEmpty()) {
            throw new IllegalArgumentException(benchmark + ": metric without rawData");
        }
        List<Double> medians = new ArrayList<>();
        for (JsonElement fork : forks) {
            double[] iterations = fork.getAsJsonArray().asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
            medians.add(ForkScores.of(iterations).median());
        }
        return new ForkScores(medians);
    }

    /** Every configuration, in file order. */
    public List<BenchmarkRun> runs() {
        return runs;
    }

    /** The configurations of one benchmark ({@code Class.method}), in file order. */
    public List<BenchmarkRun> of(String benchmark) {
        return runs.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
    }

    /** The one configuration of {@code benchmark} matching {@code filter}, if it ran. */
    public Optional<BenchmarkRun> find(String benchmark, Predicate<BenchmarkRun> filter) {
        return of(benchmark).stream().filter(filter).findFirst();
    }

    /** The distinct settings lines, for the report header (normally one). */
    public List<String> settings() {
        return runs.stream().map(BenchmarkRun::settings).distinct().toList();
    }
}
