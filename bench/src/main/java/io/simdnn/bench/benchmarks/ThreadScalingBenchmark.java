package io.simdnn.bench.benchmarks;

import java.util.concurrent.TimeUnit;
import io.simdnn.kernels.KernelThreads;
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
 * The 2-thread speed-up of a workload, measured in one fork: a block of calls on 1 kernel thread,
 * then the same block on 2, and so on, each side timed as an auxiliary counter ({@link Times}).
 * The 1- and 2-thread rows of the other benchmarks run in forks minutes apart; on a shared
 * machine whose speed moves by tens of percent between forks, their ratio follows the machine
 * as much as the code (the CNN step's ranged 1.21x-1.63x over three runs of the same code).
 * Alternating blocks of about 20 ms puts both thread counts under the same conditions.
 *
 * <p>Switching parallelism does not restart the worker: {@code KernelThreads.setParallelism}
 * parks it at 1 thread and wakes the same thread, with its per-thread workspaces, at 2.
 *
 * <p>Workloads: {@code gemm} (1024^3, {@link GemmBenchmark}), {@code conv2} (the default CNN's
 * second convolution forward + backward, {@link ConvBenchmark}), {@code cnn} and {@code mlp} (a
 * training step of the default models, {@link TrainingStepBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// as many warm-up iterations as the suite gives it (SuitePlan): fewer measure C2 still compiling
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ThreadScalingBenchmark {
    /** Secondary metric names of the two sides, as JMH reports them. */
    public static final String ONE_THREAD_NANOS = "oneThreadNanos";
    public static final String TWO_THREAD_NANOS = "twoThreadNanos";
    /** Counter name of the core-to-core round trip read before each iteration, in nanoseconds (0 with one CPU). */
    public static final String ROUND_TRIP_NANOS = "roundTripNanos";

    /** The workloads, as the {@link #workload} parameter names them. */
    public static final String[] WORKLOADS = {"gemm", "conv2", "cnn", "mlp"};

    @Param({"gemm", "conv2", "cnn", "mlp"})
    public String workload;

    private Runnable call;
    private Runnable tearDown;
    /** Timed calls per block: about 20 ms on 1 thread. */
    private int block;
    private CoreRoundTrip probe;
    /** The core-to-core round trip read before the current iteration, in nanoseconds (0 with one CPU). */
    private long roundTripNanos;

    /**
     * Nanoseconds spent on each thread count during one iteration, and the core-to-core round trip
     * read before it ({@link #readRoundTrip}): where the host had put the two CPUs while this fork
     * measured. (Copied in by every call: values set in this state's own setup were reported as 0.)
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        public long oneThreadNanos;
        public long twoThreadNanos;
        public long roundTripNanos;

        @Setup(Level.Iteration)
        public void clear() {
            oneThreadNanos = 0;
            twoThreadNanos = 0;
            roundTripNanos = 0;
        }
    }

    /** What {@code workload} runs, for report labels. */
    public static String describe(String workload) {
        return switch (workload) {
            case "gemm" -> "GEMM 1024^3";
            case "conv2" -> "conv 64x16x14x14-32 fwd+bwd";
            case "cnn" -> "CNN training step, batch 64";
            case "mlp" -> "MLP training step, batch 128";
            default -> throw unknown(workload);
        };
    }

    private static IllegalArgumentException unknown(String workload) {
        return new IllegalArgumentException("workload must be one of " + String.join(", ", WORKLOADS) + ", got '" + workload + "'");
    }

    @Setup(Level.Trial)
    public void setUp() {
        probe = new CoreRoundTrip();
        switch (workload) {
            case "gemm" -> {
                GemmBenchmark gemm = new GemmBenchmark();
                gemm.shape = "1024x1024x1024:NN";
                gemm.impl = "simdnn";
                gemm.threads = 1;
                gemm.setUp();
                call = gemm::sgemm;
                tearDown = gemm::tearDown;
                block = 2;
            }
            case "conv2" -> {
                ConvBenchmark conv = new ConvBenchmark();
                conv.layer = "64x16x14x14-32";
                conv.threads = 1;
                conv.setUp();
                call = conv::forwardBackward;
                tearDown = conv::tearDown;
                block = 3;
            }
            case "cnn", "mlp" -> {
                TrainingStepBenchmark step = new TrainingStepBenchmark();
                step.model = workload;
                step.threads = 1;
                step.setUp();
                call = step::step;
                tearDown = step::tearDown;
                block = workload.equals("cnn") ? 3 : 8;
            }
            default -> throw unknown(workload);
        }
    }

    /** Read before each iteration, untimed; the probe's partner thread stays parked in between. */
    @Setup(Level.Iteration)
    public void readRoundTrip() {
        roundTripNanos = probe.measure();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        probe.close();
        tearDown.run();
    }

    @Benchmark
    public void interleaved(Times times, Blackhole sink) {
        times.roundTripNanos = roundTripNanos;
        times.oneThreadNanos += timeBlock(1);
        times.twoThreadNanos += timeBlock(2);
        sink.consume(times);
    }

    /**
     * One untimed call at the new thread count, then a timed block: the first call after a switch
     * finds half its data in the other core's cache and the worker parked (a wake-up of tens of
     * microseconds); timed, that switch cost 5-8% of 10 ms blocks, which a steady run at either
     * thread count never pays.
     */
    private long timeBlock(int threads) {
        KernelThreads.setParallelism(threads);
        call.run();
        long start = System.nanoTime();
        for (int i = 0; i < block; i++) {
            call.run();
        }
        return System.nanoTime() - start;
    }
}
