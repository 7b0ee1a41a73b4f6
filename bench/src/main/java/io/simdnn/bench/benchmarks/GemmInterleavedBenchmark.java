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
 * simdnn's and OpenBLAS's {@code sgemm} on the same shape in one fork: a block of simdnn calls,
 * then a block of OpenBLAS calls, and so on, each side timed as an auxiliary counter
 * ({@link Times}). {@link GemmBenchmark} runs the two in forks of their own, seconds to a minute
 * apart; on a shared host whose speed moves by 10-40% from one minute to the next (both libraries
 * alike, history v21) their ratio then follows the host as much as the code. Alternating blocks
 * of about 10 ms puts both under the same conditions, so the ratio per fork is the comparison to
 * trust; the separate forks give each side's rate.
 *
 * <p>Each side has its own buffers, filled alike ({@link GemmBenchmark}'s setup). Each block starts
 * with one untimed call: the first call after a switch finds the other side's data in the caches,
 * which a steady run of either library never pays.
 *
 * <p>One thread only, by default and in the suite. With more, each library's idle threads keep
 * spinning after its block (OpenBLAS's by default for about 2^28 cycles, simdnn's worker for 0.2
 * ms) on the cores the other library's threads need: on a 2-core AMD Zen 4, 784x512x128 TN at 2
 * threads came out 0.57x interleaved, against 0.93-0.98x with each library in forks of its own. Those ratios compare the
 * libraries' idle policies, not their products; the suite measures them in separate forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// as many warm-up iterations as the suite gives it (SuitePlan): fewer measure C2 still compiling
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmInterleavedBenchmark {
    /** Secondary metric names of the two sides, as JMH reports them: nanoseconds of each, and calls per side. */
    public static final String SIMDNN_NANOS = "simdnnNanos";
    public static final String OPENBLAS_NANOS = "openblasNanos";
    public static final String CALLS = "calls";

    /** Flops per timed block: about 10 ms at 100 GFLOP/s. */
    private static final double BLOCK_FLOPS = 1e9;

    @Param({"256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN",
            "128x512x784:NN", "784x512x128:TN", "128x784x512:NT", "64x256x512:NN", "128x10x256:NN",
            "16x50176x25:NN", "32x12544x400:NN"})
    public String shape;

    @Param({"1"})
    public int threads;

    private GemmBenchmark simdnn;
    private GemmBenchmark openBlas;
    /** Timed calls per block and side. */
    private int block;

    /**
     * Nanoseconds spent on each side during one iteration, and the calls each side made (each
     * side's rate: calls x 2MNK / nanoseconds).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        public long simdnnNanos;
        public long openblasNanos;
        public long calls;

        @Setup(Level.Iteration)
        public void clear() {
            simdnnNanos = 0;
            openblasNanos = 0;
            calls = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        simdnn = side("simdnn");
        openBlas = side("openblas");
        block = (int) Math.max(1, Math.round(BLOCK_FLOPS / GemmShape.parse(shape).flops()));
    }

    private GemmBenchmark side(String impl) {
        GemmBenchmark side = new GemmBenchmark();
        side.shape = shape;
        side.threads = threads;
        side.impl = impl;
        side.setUp();
        return side;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        simdnn.tearDown();
        openBlas.tearDown();
    }

    @Benchmark
    public void interleaved(Times times, Blackhole sink) {
        times.simdnnNanos += timeBlock(simdnn, sink);
        times.openblasNanos += timeBlock(openBlas, sink);
        times.calls += block;
    }

    private long timeBlock(GemmBenchmark side, Blackhole sink) {
        sink.consume(side.sgemm());
        long start = System.nanoTime();
        for (int i = 0; i < block; i++) {
            sink.consume(side.sgemm());
        }
        return System.nanoTime() - start;
    }
}
