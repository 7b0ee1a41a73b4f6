package io.simdnn.bench.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.elementwise.Activations;
import io.simdnn.kernels.elementwise.Bias;
import io.simdnn.kernels.elementwise.Dropout;
import io.simdnn.kernels.loss.SoftmaxCrossEntropy;
import io.simdnn.kernels.norm.BatchNorm;
import io.simdnn.kernels.optim.Norms;
import io.simdnn.kernels.optim.OptimizerUpdates;
import io.simdnn.kernels.pool.Pooling;
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
 * The memory-bound kernels of every kernels class except GEMM and convolution (which are
 * compute-bound: {@link GemmBenchmark}, {@link ConvBenchmark}), one call per operation. Their
 * roofline is memory bandwidth, so the report divides each kernel's GB/s by that of a
 * {@link CopyBenchmark} moving the same bytes in the same run (target: >= 60%). The bytes
 * each call moves are listed in {@link #TRAFFIC}, the one place the report takes them from.
 *
 * <p>One thread: the kernels that split large calls across the kernel pool (ReLU, the momentum
 * updates, softmax-CE, pooling) run on the caller alone, so a single-core copy is the matching
 * roofline.
 * Inputs are random, never zeros; the optimizer updates and bias addition run in place, which
 * keeps values finite for the length of a run (steps of 1e-6, bias at most 1 per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class StreamingKernelBenchmark {
    /** Floats per operand: 4 MiB arrays, the size of a large layer's parameters. */
    static final int N = 1 << 20;
    /** Softmax-CE: 4096 rows of 1000 classes (ImageNet-sized logits). */
    static final int ROWS = 4096;
    static final int CLASSES = 1000;
    /** Bias and column sums on an N-float matrix of 1024 rows. */
    static final int MATRIX_ROWS = 1024;
    static final int MATRIX_COLS = N / MATRIX_ROWS;
    /** 2x2 max and average pooling over 64 x 16 planes of 32 x 32: N inputs, N / 4 outputs. */
    static final PoolShape POOL = new PoolShape(64, 16, 32, 32, 2, 2);
    /** Batch normalization over 64 samples of 16 channels of 32 x 32: N values. */
    static final ChannelShape CHANNELS = new ChannelShape(64, 16, 1024);

    private static final long F = Float.BYTES;

    /**
     * Bytes moved per call (reads + writes), the copy each kernel is compared with and the bytes
     * it writes without reading them first. Pooling's argmax is N / 4 ints; the backward passes
     * read dy (N / 4) and write every float of dx (N) once. The optimizer updates and bias
     * addition write only what they have just read; column sums' 4 KB output is left out, as in
     * the copy sizes.
     */
    public static final List<KernelTraffic> TRAFFIC = List.of(
            new KernelTraffic("reluForward", "Activations", 2 * F * N, N, F * N),
            new KernelTraffic("reluBackward", "Activations", 3 * F * N, 3L * N / 2, F * N),
            new KernelTraffic("tanhForward", "Activations", 2 * F * N, N, F * N),
            new KernelTraffic("biasAddToRows", "Bias", 2 * F * N + F * MATRIX_COLS, N, 0),
            new KernelTraffic("biasColumnSums", "Bias", F * N + F * MATRIX_COLS, N / 2, 0),
            new KernelTraffic("sumOfSquares", "Norms", F * N, N / 2, 0),
            new KernelTraffic("softmaxCrossEntropy", "SoftmaxCrossEntropy",
                    2 * F * ROWS * CLASSES + Integer.BYTES * ROWS, (long) ROWS * CLASSES, F * ROWS * CLASSES),
            new KernelTraffic("softmaxCrossEntropyInPlace", "SoftmaxCrossEntropy",
                    2 * F * ROWS * CLASSES + Integer.BYTES * ROWS, (long) ROWS * CLASSES, 0),
            new KernelTraffic("momentumSgd", "OptimizerUpdates", 5 * F * N, 5L * N / 2, 0),
            new KernelTraffic("adam", "OptimizerUpdates", 7 * F * N, 7L * N / 2, 0),
            new KernelTraffic("maxPoolForward", "Pooling", F * N + 2 * F * (N / 4), 3L * N / 4, 2 * F * (N / 4)),
            new KernelTraffic("maxPoolBackward", "Pooling", 2 * F * (N / 4) + F * N, 3L * N / 4, F * N),
            new KernelTraffic("avgPoolForward", "Pooling", F * N + F * (N / 4), 5L * N / 8, F * (N / 4)),
            new KernelTraffic("avgPoolBackward", "Pooling", F * (N / 4) + F * N, 5L * N / 8, F * N),
            // the least batch norm must move is x in and y out; its statistics pass reads x again
            new KernelTraffic("batchNormTrainingForward", "BatchNorm", 2 * F * N, N, F * N),
            new KernelTraffic("dropoutForward", "Dropout", 2 * F * N, N, F * N));

    /** The traffic of the benchmark method named {@code benchmark}. */
    public static KernelTraffic traffic(String benchmark) {
        return TRAFFIC.stream().filter(t -> t.benchmark().equals(benchmark)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no streaming kernel benchmark '" + benchmark + "' (have "
                        + TRAFFIC.stream().map(KernelTraffic::benchmark).toList() + ")"));
    }

    /** The distinct copy sizes {@link CopyBenchmark} must run, ascending. */
    public static List<Long> copySizes() {
        return TRAFFIC.stream().map(KernelTraffic::copyFloats).distinct().sorted().toList();
    }

    @Param({"1"})
    public int threads;

    private Arena arena;
    private MemorySegment x;
    private MemorySegment y;
    private MemorySegment g;
    private MemorySegment m;
    private MemorySegment v;
    private MemorySegment gamma;
    private MemorySegment beta;
    private MemorySegment mean;
    private MemorySegment invStd;
    private MemorySegment runningMean;
    private MemorySegment runningVar;
    private MemorySegment small;
    private MemorySegment logits;
    private MemorySegment grad;
    private MemorySegment logitsInPlace;
    private MemorySegment poolOut;
    private int[] labels;
    private int[] argmax;

    @Setup(Level.Trial)
    public void setUp() {
        KernelThreads.setParallelism(threads);
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(1);
        x = BenchData.uniform(arena, N, random);
        y = BenchData.uniform(arena, N, random);
        g = BenchData.uniform(arena, N, random);
        m = BenchData.uniform(arena, N, random);
        v = BenchData.uniform(arena, N, random);
        for (long i = 0; i < N; i++) { // Adam's second moment is a mean of squares: non-negative
            Buffers.set(v, i, Math.abs(Buffers.get(v, i)));
        }
        small = BenchData.uniform(arena, MATRIX_COLS, random);
        logits = BenchData.uniform(arena, (long) ROWS * CLASSES, random);
        grad = Buffers.allocate(arena, (long) ROWS * CLASSES);
        logitsInPlace = BenchData.uniform(arena, (long) ROWS * CLASSES, random);
        labels = random.ints(ROWS, 0, CLASSES).toArray();
        poolOut = BenchData.uniform(arena, POOL.outputSize(), random);
        argmax = new int[(int) POOL.outputSize()];
        Pooling.maxForward(POOL, x, poolOut, argmax); // valid indices for maxPoolBackward
        int channels = CHANNELS.channels();
        gamma = BenchData.uniform(arena, channels, random);
        beta = BenchData.uniform(arena, channels, random);
        mean = Buffers.allocate(arena, channels);
        invStd = Buffers.allocate(arena, channels);
        runningMean = Buffers.allocate(arena, channels);
        runningVar = Buffers.allocate(arena, channels);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /**
     * Calls the benchmark method named {@code benchmark} once, its result into {@code sink}: how
     * {@link StreamingInterleavedBenchmark} runs a kernel chosen by a parameter (a fork runs one
     * kernel, so this switch always takes the same branch).
     */
    void call(String benchmark, Blackhole sink) {
        switch (benchmark) {
            case "reluForward" -> sink.consume(reluForward());
            case "reluBackward" -> sink.consume(reluBackward());
            case "tanhForward" -> sink.consume(tanhForward());
            case "biasAddToRows" -> sink.consume(biasAddToRows());
            case "biasColumnSums" -> sink.consume(biasColumnSums());
            case "sumOfSquares" -> sink.consume(sumOfSquares());
            case "softmaxCrossEntropy" -> sink.consume(softmaxCrossEntropy());
            case "softmaxCrossEntropyInPlace" -> sink.consume(softmaxCrossEntropyInPlace());
            case "momentumSgd" -> sink.consume(momentumSgd());
            case "adam" -> sink.consume(adam());
            case "maxPoolForward" -> sink.consume(maxPoolForward());
            case "maxPoolBackward" -> sink.consume(maxPoolBackward());
            case "avgPoolForward" -> sink.consume(avgPoolForward());
            case "avgPoolBackward" -> sink.consume(avgPoolBackward());
            case "batchNormTrainingForward" -> sink.consume(batchNormTrainingForward());
            case "dropoutForward" -> sink.consume(dropoutForward());
            default -> throw new IllegalArgumentException("no streaming kernel benchmark '" + benchmark + "'");
        }
    }

    @Benchmark
    public MemorySegment batchNormTrainingForward() {
        BatchNorm.trainingForward(CHANNELS, BatchNorm.DEFAULT_EPSILON, BatchNorm.DEFAULT_MOMENTUM, x, gamma, beta, y, mean, invStd,
                runningMean, runningVar);
        return y;
    }

    @Benchmark
    public MemorySegment dropoutForward() {
        Dropout.forward(N, 0.25f, 12345L, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public MemorySegment reluForward() {
        Activations.reluForward(N, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public MemorySegment reluBackward() {
        Activations.reluBackward(N, x, 0, g, 0, y, 0);
        return y;
    }

    /** tanh costs a few dozen flops per float: the one activation that might be compute-bound. */
    @Benchmark
    public MemorySegment tanhForward() {
        Activations.smoothForward(SmoothFunction.TANH, N, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public MemorySegment biasAddToRows() {
        Bias.addToRows(MATRIX_ROWS, MATRIX_COLS, small, 0, y, 0, MATRIX_COLS);
        return y;
    }

    @Benchmark
    public MemorySegment biasColumnSums() {
        Bias.columnSums(MATRIX_ROWS, MATRIX_COLS, x, 0, MATRIX_COLS, small, 0);
        return small;
    }

    @Benchmark
    public double sumOfSquares() {
        return Norms.sumOfSquares(N, x, 0);
    }

    @Benchmark
    public float softmaxCrossEntropy() {
        return SoftmaxCrossEntropy.lossAndGradient(ROWS, CLASSES, logits, 0, CLASSES, labels, 0, grad, 0, CLASSES);
    }

    /**
     * The same kernel writing the gradient over its logits, as the API allows: its writes then land
     * on lines it has just read, where the separate output makes every store fetch its line first
     * (16 MB that neither the traffic nor the copy counts). After the first call the logits are the
     * last gradient, values within 1 / ROWS of each other: the kernel's work does not depend on them.
     */
    @Benchmark
    public float softmaxCrossEntropyInPlace() {
        return SoftmaxCrossEntropy.lossAndGradient(ROWS, CLASSES, logitsInPlace, 0, CLASSES, labels, 0, logitsInPlace, 0, CLASSES);
    }

    @Benchmark
    public MemorySegment momentumSgd() {
        OptimizerUpdates.sgdMomentum(N, 1e-6f, 0.9f, 1e-4f, y, 0, g, 0, v, 0);
        return y;
    }

    @Benchmark
    public MemorySegment adam() {
        OptimizerUpdates.adam(N, 1e-6f, 0.9f, 0.999f, 1e-8f, 1e-4f, 10, y, 0, g, 0, m, 0, v, 0);
        return y;
    }

    @Benchmark
    public int[] maxPoolForward() {
        Pooling.maxForward(POOL, x, poolOut, argmax);
        return argmax;
    }

    @Benchmark
    public MemorySegment maxPoolBackward() {
        Pooling.maxBackward(POOL, poolOut, argmax, y);
        return y;
    }

    @Benchmark
    public MemorySegment avgPoolForward() {
        Pooling.averageForward(POOL, x, poolOut);
        return poolOut;
    }

    @Benchmark
    public MemorySegment avgPoolBackward() {
        Pooling.averageBackward(POOL, poolOut, y);
        return y;
    }
}
