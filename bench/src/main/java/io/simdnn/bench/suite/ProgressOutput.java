package io.simdnn.bench.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import io.simdnn.bench.report.JmhResults;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH output for a long suite: the console gets one progress line per benchmark configuration
 * (which one, how many remain, time left) and its result, while JMH's full output goes to a log
 * file. One instance spans every JMH invocation of a suite, so the count runs across groups.
 * The time left extrapolates from the configurations finished so far, from the plan's estimate
 * before the first one ends.
 */
final class ProgressOutput implements OutputFormat {
    private final PrintStream console;
    private final OutputFormat log;
    private final int total;
    private final Duration planned;
    private final LongSupplier clock;
    private final long startNanos;
    private int started;
    private int finished;

    /**
     * @param log     JMH's own output format, e.g. over a log file; closed by its owner, not here
     * @param planned the plan's estimate for all {@code total} configurations
     * @param clock nanosecond time source (a test drives it)
     */
    ProgressOutput(PrintStream console, OutputFormat log, int total, Duration planned, LongSupplier clock) {
        this.console = console;
        this.log = log;
        this.total = total;
        this.planned = planned;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        started++;
        String name = params.getBenchmark();
        name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        TreeMap<String, String> values = new TreeMap<>();
        params.getParamsKeys().forEach(key -> values.put(key, params.getParam(key)));
        console.println(progressLine(name, values.toString().replaceAll("[{}]", "")));
        log.startBenchmark(params);
    }

    /** "[ 3/77] GemmBenchmark.sgemm impl=simdnn, shape=..., threads=1 | 0:41 elapsed, about 19:02 left". */
    String progressLine(String benchmark, String params) {
        Duration elapsed = Duration.ofNanos(clock.getAsLong() - startNanos);
        Duration perConfiguration = finished == 0 ? planned.dividedBy(total) : elapsed.dividedBy(finished);
        Duration left = perConfiguration.multipliedBy(total - finished);
        int width = Integer.toString(total).length();
        return String.format(Locale.ROOT, "[%" + width + "d/%d] %s %s | %s elapsed, about %s left", started, total, benchmark,
                params, minutes(elapsed), minutes(left));
    }

    static String minutes(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        finished++;
        if (result != null) {
            Result<?> primary = result.getPrimaryResult();
            Result<?> allocation = result.getSecondaryResults().get(JmhResults.ALLOCATION_METRIC);
            console.printf(Locale.ROOT, "        %.4g %s%s%n", primary.getScore(), primary.getScoreUnit(),
                    allocation == null ? "" : String.format(Locale.ROOT, ", %.1f B/op", allocation.getScore()));
        }
        log.endBenchmark(result);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        log.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        log.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        log.endRun(result);
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
    }

    @Override
    public void flush() {
        console.flush();
        log.flush();
    }

    /** JMH closes its output at the end of every invocation; the suite goes on, so only flush. */
    @Override
    public void close() {
        flush();
    }

    @Override
    public void verbosePrintln(String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        log.write(b);
    }
}
