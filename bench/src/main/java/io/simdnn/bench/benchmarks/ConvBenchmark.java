package io.simdnn.bench.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.conv.Conv2d;
import io.simdnn.kernels.conv.ConvWorkspace;
import io.simdnn.kernels.gemm.Gemm;
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
 * Convolution forward + backward on the default CNN's two layers at batch 64, as the network runs
 * them: the second layer computes dw, db and dx, the first (one input channel, the network's
 * input) dw and db only. Next to it, the forward GEMM of the same shape in the same fork.
 * Effective GFLOP/s counts the direct convolution's flops ({@link #passes} x forward), so
 * reorderings and padding show up as lost throughput.
 *
 * <p>The ratios are taken from {@link #interleaved}: one forward + backward, then as many GEMMs as
 * it has passes (the same flops), then the FMA peak loop, and so on within each fork, timed as
 * auxiliary counters ({@link Times}). As two separate benchmarks the pair runs minutes apart, and on a shared machine whose speed moves by
 * tens of percent within seconds their ratio then follows the machine more than the code; in
 * alternation both sides see the machine in the same state. {@link #forwardBackward} and
 * {@link #equivalentGemm} stay as the rates in GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// as many warm-up iterations as the suite gives it (SuitePlan): fewer measure C2 still compiling
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ConvBenchmark {
    /** batch x channels x size x size -> filters, 5x5, pad 2: the default CNN's layers. */
    @Param({"64x1x28x28-16", "64x16x14x14-32"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    private ConvShape shape;
    private Arena arena;
    private ConvWorkspace workspace;
    private MemorySegment x;
    private MemorySegment w;
    private MemorySegment b;
    private MemorySegment y;
    private MemorySegment dw;
    private MemorySegment db;
    private MemorySegment dx;
    private MemorySegment product;
    private MemorySegment columns;
    /** Steps of {@link PeakBenchmark#fmaChains} with a core's share of a forward + backward's flops. */
    private int peakSteps;
    /** The peak loop's operands: fields, not constants, so that C2 cannot fold the loop away. */
    private float peakScale = 0.999f;
    private float peakStep = 1e-7f;

    /** Secondary metric names of the two sides of {@link #interleaved}, as JMH reports them. */
    public static final String CONV_NANOS = "convNanos";
    public static final String GEMM_NANOS = "gemmNanos";
    public static final String CALLS = "calls";
    /** Secondary metric names of {@link #interleaved}'s FMA-peak side: its nanoseconds and its flops. */
    public static final String PEAK_NANOS = "peakNanos";
    public static final String PEAK_FLOPS = "peakFlops";
    /**
     * Passes of {@link #forwardBackward}, each with the forward pass's flops: forward, dw and dx,
     * or forward and dw for a first layer (one input channel), which has no input gradient to
     * compute. {@link #interleaved} runs as many GEMMs: equal flops, so time ratio = rate ratio.
     */
    public static int passes(ConvShape shape) {
        return shape.channels() == 1 ? 2 : 3;
    }

    /** What {@link #forwardBackward} computes for the shape, for report labels. */
    public static String passesLabel(ConvShape shape) {
        return passes(shape) == 3 ? "fwd+bwd" : "fwd+dw";
    }

    /**
     * Nanoseconds spent in each side of {@link #interleaved} during one iteration, and its number
     * of forward + backward calls (each side's rate: calls x flops / nanoseconds).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        public long convNanos;
        public long gemmNanos;
        public long calls;
        public long peakNanos;
        public double peakFlops;

        @Setup(Level.Iteration)
        public void clear() {
            convNanos = 0;
            gemmNanos = 0;
            calls = 0;
            peakNanos = 0;
            peakFlops = 0;
        }
    }

    /** Parses "NxCxHxW-F" into the 5x5, stride 1, pad 2 convolution. */
    public static ConvShape parse(String layer) {
        String[] parts = layer.split("-");
        String[] dims = parts[0].split("x");
        return ConvShape.of(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                Integer.parseInt(dims[3]), Integer.parseInt(parts[1]), 5, 1, 2);
    }

    @Setup(Level.Trial)
    public void setUp() {
        KernelThreads.setParallelism(threads);
        shape = parse(layer);
        arena = Arena.ofShared();
        workspace = new ConvWorkspace();
        SplittableRandom random = new SplittableRandom(3);
        x = BenchData.uniform(arena, shape.inputSize(), random);
        w = BenchData.uniform(arena, shape.weightSize(), random);
        b = BenchData.uniform(arena, shape.filters(), random);
        y = BenchData.uniform(arena, shape.outputSize(), random);
        dw = Buffers.allocate(arena, shape.weightSize());
        db = Buffers.allocate(arena, shape.filters());
        dx = Buffers.allocate(arena, shape.inputSize());
        product = Buffers.allocate(arena, (long) shape.filters() * shape.columnCount());
        columns = BenchData.uniform(arena, (long) shape.patchSize() * shape.columnCount(), random);
        peakSteps = (int) Math.ceil(passes(shape) * shape.forwardFlops() / threads / peakFlopsPerStep());
    }

    private static double peakFlopsPerStep() {
        return PeakBenchmark.CHAINS * PeakBenchmark.LANES * 2.0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workspace.close();
        arena.close();
    }

    /** One forward and one backward pass ({@link #passes} x forward flops). */
    @Benchmark
    public MemorySegment forwardBackward() {
        Conv2d.forward(shape, x, w, b, y, workspace);
        Conv2d.backward(shape, w, y, dw, db, passes(shape) == 3 ? dx : null, workspace);
        return dw;
    }

    /**
     * One forward + backward, then as many of its equivalent GEMMs as it has passes, then the FMA
     * peak loop ({@link PeakBenchmark#fmaChains}) with one core's share of the same flops, each
     * side timed: tens of milliseconds per side, long against nanoTime, short against the machine's
     * drift, so the convolution's fraction of the peak and its ratio to the GEMM are taken with the
     * machine in one state. Each side starts with the other's buffers in the caches; both stream
     * more than a 2 MB L2 (20 MB of columns).
     */
    @Benchmark
    public void interleaved(Times times, Blackhole sink) {
        long start = System.nanoTime();
        sink.consume(forwardBackward());
        long middle = System.nanoTime();
        for (int i = 0; i < passes(shape); i++) {
            sink.consume(equivalentGemm());
        }
        long end = System.nanoTime();
        sink.consume(PeakBenchmark.fmaChains(peakScale, peakStep, peakSteps));
        long peakEnd = System.nanoTime();
        times.convNanos += middle - start;
        times.gemmNanos += end - middle;
        times.peakNanos += peakEnd - end;
        times.peakFlops += peakSteps * peakFlopsPerStep();
        times.calls++;
    }

    /** The forward pass's GEMM alone, F x (N*OH*OW) x (C*K*K), on ready-made columns. */
    @Benchmark
    public MemorySegment equivalentGemm() {
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, shape.filters(), shape.columnCount(), shape.patchSize(), 1f,
                w, 0, shape.patchSize(), columns, 0, shape.columnCount(), 0f, product, 0, shape.columnCount());
        return product;
    }
}
