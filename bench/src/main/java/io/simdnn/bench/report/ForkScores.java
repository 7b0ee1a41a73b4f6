package io.simdnn.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One benchmark configuration's scores, one per fork (each fork's median over its measurement
 * iterations, see {@link JmhResults}). Single forks are at the mercy of JIT and alignment luck, so
 * the report quotes the median fork and the spread between the slowest and the fastest.
 */
public record ForkScores(List<Double> scores) {
    public ForkScores {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("a benchmark result needs at least one fork score");
        }
        if (scores.stream().anyMatch(s -> !Double.isFinite(s))) {
            throw new IllegalArgumentException("fork scores must be finite, got " + scores);
        }
        scores = List.copyOf(scores);
    }

    public static ForkScores of(double... scores) {
        return new ForkScores(Arrays.stream(scores).boxed().toList());
    }

    public double median() {
        double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public double min() {
        return scores.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double max() {
        return scores.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** Fork by fork, these scores over {@code other}'s (two sides measured in the same forks). */
    public ForkScores dividedBy(ForkScores other) {
        if (other.scores.size() != scores.size()) {
            throw new IllegalArgumentException("fork counts differ: " + scores.size() + " and " + other.scores.size());
        }
        return new ForkScores(IntStream.range(0, scores.size()).mapToObj(f -> scores.get(f) / other.scores.get(f)).toList());
    }

    /** The same scores multiplied by {@code factor} (e.g. ops/s to GFLOP/s). */
    public ForkScores scaled(double factor) {
        return new ForkScores(scores.stream().map(s -> s * factor).toList());
    }
}
