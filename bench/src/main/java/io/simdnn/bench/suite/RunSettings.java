package io.simdnn.bench.suite;

import java.time.Duration;
import java.util.Locale;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long JMH measures each benchmark configuration. One setting for the whole suite, so that
 * every ratio in the report compares numbers measured the same way.
 *
 * @param forks                 JVM forks per configuration (the report's spread is across them)
 * @param warmupIterations      warm-up iterations per fork
 * @param warmupMillis          length of one warm-up iteration
 * @param measurementIterations measured iterations per fork
 * @param measurementMillis     length of one measured iteration
 */
public record RunSettings(int forks, int warmupIterations, long warmupMillis, int measurementIterations, long measurementMillis) {
    /**
     * A full run: 3 forks show the fork spread; 2 x 1 s of warm-up lets C2 finish compiling
     * before anything is timed (on 2 cores a compiler thread still at work takes a core from a
     * 2-thread benchmark), and 3 x 0.6 s of measurement gives each fork a median. A configuration
     * then takes about 15 s (GEMM, convolution and training ones warm up longer, see
     * {@link SuitePlan}).
     */
    public static final RunSettings FULL = new RunSettings(3, 2, 1000, 3, 600);

    /**
     * {@code --quick}: one short fork per configuration, about 6 minutes for the suite. Rough:
     * no fork spread, 2-thread rows suffer from the JIT still compiling, and B/op includes what
     * not-yet-compiled code allocates.
     */
    public static final RunSettings QUICK = new RunSettings(1, 2, 250, 3, 250);

    /**
     * Seconds a fork costs beyond its iterations (JVM start, class loading, filling buffers with
     * random data, JMH's hand-shake), calibrated on a 2-core machine where 77 one-fork
     * configurations of 1.5 s of iterations took 3:40. The estimate errs long rather than short.
     */
    static final double FORK_OVERHEAD_SECONDS = 1.3;

    public RunSettings {
        if (forks < 1 || warmupIterations < 0 || measurementIterations < 1 || warmupMillis < 1 || measurementMillis < 1) {
            throw new IllegalArgumentException("bad JMH settings: " + forks + " forks, " + warmupIterations + " x " + warmupMillis
                    + " ms warm-up, " + measurementIterations + " x " + measurementMillis + " ms measurement");
        }
    }

    /** The same settings with another warm-up. */
    public RunSettings withWarmup(int iterations, long millis) {
        return new RunSettings(forks, iterations, millis, measurementIterations, measurementMillis);
    }

    /** The same settings with another fork count. */
    public RunSettings withForks(int count) {
        return new RunSettings(count, warmupIterations, warmupMillis, measurementIterations, measurementMillis);
    }

    /** Applies these settings to JMH options. */
    public ChainedOptionsBuilder applyTo(ChainedOptionsBuilder options) {
        return options.forks(forks)
                .warmupIterations(warmupIterations).warmupTime(TimeValue.milliseconds(warmupMillis))
                .measurementIterations(measurementIterations).measurementTime(TimeValue.milliseconds(measurementMillis));
    }

    /** Expected wall time of one configuration, all forks included. */
    public Duration perConfiguration() {
        double seconds = forks * (FORK_OVERHEAD_SECONDS + (warmupIterations * warmupMillis + measurementIterations * measurementMillis) / 1000.0);
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** E.g. "3 forks, 2 x 1 s warm-up, 3 x 1 s measurement". */
    public String describe() {
        return String.format(Locale.ROOT, "%d fork%s, %d x %s warm-up, %d x %s measurement", forks, forks == 1 ? "" : "s",
                warmupIterations, seconds(warmupMillis), measurementIterations, seconds(measurementMillis));
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
