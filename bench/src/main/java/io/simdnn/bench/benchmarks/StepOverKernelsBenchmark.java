package io.simdnn.bench.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A training step's time over the time of its GEMM and convolution calls alone (target: at most
 * 1.3), both measured in the same fork, interleaved: a block of {@link TrainingStepBenchmark}
 * steps, then as many passes of {@link StepKernelsBenchmark}'s calls, and so on. Measured as two
 * separate benchmarks the pair runs minutes apart, and on a shared machine whose speed moves by
 * tens of percent within seconds (every GEMM together) the ratio then follows the machine more
 * than the code. Blocks of a few milliseconds put both sides under the same conditions.
 *
 * <p>The times are JMH auxiliary counters ({@link Times}): the total nanoseconds of each side per
 * iteration. Each side runs on its own buffers, so the step starts every block with the kernels'
 * data in the caches rather than its own: if anything, the step is timed slightly slow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class StepOverKernelsBenchmark {
    /** Secondary metric names of the two sides, as JMH reports them. */
    public static final String STEP_NANOS = "stepNanos";
    public static final String KERNELS_NANOS = "kernelsNanos";

    @Param({"mlp", "cnn"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private final TrainingStepBenchmark step = new TrainingStepBenchmark();
    private final StepKernelsBenchmark kernels = new StepKernelsBenchmark();
    private int block;

    /** Nanoseconds spent in each side during one iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        public long stepNanos;
        public long kernelsNanos;

        @Setup(Level.Iteration)
        public void clear() {
            stepNanos = 0;
            kernelsNanos = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        step.model = kernels.model = model;
        step.threads = kernels.threads = threads;
        step.setUp();
        kernels.setUp();
        // about 10 ms per side and block: long against nanoTime and the switch between the two
        // buffer sets, short against the machine's drift (an MLP step takes 2-4 ms, a CNN's 20-40)
        block = model.equals("mlp") ? 4 : 1;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.tearDown();
        kernels.tearDown();
    }

    @Benchmark
    public void interleaved(Times times, Blackhole sink) {
        long start = System.nanoTime();
        for (int i = 0; i < block; i++) {
            sink.consume(step.step());
        }
        long middle = System.nanoTime();
        for (int i = 0; i < block; i++) {
            sink.consume(kernels.kernels());
        }
        long end = System.nanoTime();
        times.stepNanos += middle - start;
        times.kernelsNanos += end - middle;
    }
}
