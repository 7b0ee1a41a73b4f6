package io.simdnn.bench.report;

import java.util.Map;
import java.util.Optional;

/**
 * One benchmark configuration's results from a JMH JSON file.
 *
 * @param benchmark  simple class name and method, e.g. {@code GemmBenchmark.sgemm}
 * @param params     the JMH parameters of this configuration
 * @param unit       the primary score's unit, e.g. {@code ops/s}
 * @param score      the primary score, one value per fork
 * @param bytesPerOp the GC profiler's {@code gc.alloc.rate.norm} per fork, when it ran
 * @param counters   the benchmark's own auxiliary counters ({@code @AuxCounters}) per fork, by name
 * @param settings   forks, warm-up and measurement as run, e.g. "3 forks, 2 x 1 s warm-up, 3 x 1 s"
 */
public record BenchmarkRun(String benchmark, Map<String, String> params, String unit, ForkScores score,
                           Optional<ForkScores> bytesPerOp, Map<String, ForkScores> counters, String settings) {
    public BenchmarkRun {
        params = Map.copyOf(params);
        counters = Map.copyOf(counters);
    }

    /** Whether the run recorded the auxiliary counter (runs of an older benchmark may lack one). */
    public boolean hasCounter(String name) {
        return counters.containsKey(name);
    }

    /** The auxiliary counter's fork scores; throws naming the benchmark when it has no such counter. */
    public ForkScores counter(String name) {
        ForkScores scores = counters.get(name);
        if (scores == null) {
            throw new IllegalArgumentException(benchmark + " has no counter '" + name + "' (has " + counters.keySet() + ")");
        }
        return scores;
    }

    /**
     * Fork by fork, one counter over another: for two sides timed in the same iterations
     * (interleaved benchmarks), the ratio under the same conditions in each fork.
     */
    public ForkScores counterRatio(String numerator, String denominator) {
        return counter(numerator).dividedBy(counter(denominator));
    }

    /** The parameter's value; throws naming the benchmark when the parameter is missing. */
    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException(benchmark + " has no parameter '" + name + "' (has " + params.keySet() + ")");
        }
        return value;
    }

    /** The {@code threads} parameter, 1 for benchmarks without one. */
    public int threads() {
        return Integer.parseInt(params.getOrDefault("threads", "1"));
    }

    /** The median fork's throughput in operations per second (the score's unit is ops per some time unit). */
    public double operationsPerSecond() {
        double perUnit = switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            case "ops/min" -> 1.0 / 60;
            default -> throw new IllegalStateException(benchmark + ": not a throughput score (" + unit + ")");
        };
        return score.median() * perUnit;
    }
}
