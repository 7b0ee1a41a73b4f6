package io.simdnn.bench;

import io.simdnn.kernels.Activations;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.OptimizerUpdates;
import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.Pooling;
import io.simdnn.kernels.SoftmaxCrossEntropy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * The memory-bound kernels, each next to a plain {@code MemorySegment.copy} that moves the same
 * number of bytes in the same fork: their roofline is memory bandwidth, so "fraction of copy
 * throughput" is the figure of merit (issue target: >= 60%). Bytes moved per call:
 * ReLU 2 x 4n (read x, write y); softmax-CE 4096 x 1000 logits read + gradient written = 2 x 4nk;
 * momentum SGD on n floats: read w, g, v, write w, v = 5 x 4n; max pooling 2x2 reads 4 x 4n/4 and
 * writes y and indices. Copies of the same byte counts are the {@code copy*} benchmarks.
 * Threads: 1 (the kernels' own pool is set to 1 so the comparison is per core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class StreamingKernelBenchmark {
    static final int N = 1 << 20;
    static final int ROWS = 4096;
    static final int CLASSES = 1000;

    @Param({"1"})
    public int threads;

    private Arena arena;
    private MemorySegment x;
    private MemorySegment y;
    private MemorySegment g;
    private MemorySegment v;
    private MemorySegment logits;
    private MemorySegment grad;
    private MemorySegment poolIn;
    private MemorySegment poolOut;
    private MemorySegment big;
    private MemorySegment bigCopy;
    private int[] labels;
    private int[] argmax;
    private PoolShape pool;

    @Setup(Level.Trial)
    public void setUp() {
        KernelThreads.setParallelism(threads);
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(1);
        x = BenchData.uniform(arena, N, random);
        y = Buffers.allocate(arena, N);
        g = BenchData.uniform(arena, N, random);
        v = BenchData.uniform(arena, N, random);
        logits = BenchData.uniform(arena, (long) ROWS * CLASSES, random);
        grad = Buffers.allocate(arena, (long) ROWS * CLASSES);
        labels = random.ints(ROWS, 0, CLASSES).toArray();
        pool = new PoolShape(64, 16, 32, 32, 2, 2); // 1M inputs
        poolIn = BenchData.uniform(arena, pool.inputSize(), random);
        poolOut = Buffers.allocate(arena, pool.outputSize());
        argmax = new int[(int) pool.outputSize()];
        big = BenchData.uniform(arena, 5L * N, random);
        bigCopy = Buffers.allocate(arena, 5L * N);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** 8 MiB moved: read 4 MiB, write 4 MiB. */
    @Benchmark
    public MemorySegment reluForward() {
        Activations.reluForward(N, x, 0, y, 0);
        return y;
    }

    /** The same 8 MiB as reluForward, as a plain copy. */
    @Benchmark
    public MemorySegment copy1M() {
        MemorySegment.copy(x, 0, y, 0, (long) N * Float.BYTES);
        return y;
    }

    /** 4096 x 1000 logits read, gradient written: 32.8 MB; compare copy4M (4,096,000 floats). */
    @Benchmark
    public float softmaxCrossEntropy() {
        return SoftmaxCrossEntropy.lossAndGradient(ROWS, CLASSES, logits, 0, CLASSES, labels, 0, grad, 0, CLASSES);
    }

    @Benchmark
    public MemorySegment copy4M() {
        MemorySegment.copy(logits, 0, grad, 0, (long) ROWS * CLASSES * Float.BYTES);
        return grad;
    }

    /** 1M parameters: read w, g, v, write w, v = 20 MiB; compare copy5M (moves 2 x 20 MiB... see report). */
    @Benchmark
    public MemorySegment momentumSgd() {
        OptimizerUpdates.sgdMomentum(N, 1e-6f, 0.9f, 0f, x, 0, g, 0, v, 0);
        return x;
    }

    /** 5M floats copied: 20 MiB read + 20 MiB written. */
    @Benchmark
    public MemorySegment copy5M() {
        MemorySegment.copy(big, 0, bigCopy, 0, 5L * N * Float.BYTES);
        return bigCopy;
    }

    /** 1M inputs read, 256K outputs + 256K indices written: 6 MiB. */
    @Benchmark
    public int[] maxPool2x2() {
        Pooling.maxForward(pool, poolIn, poolOut, argmax);
        return argmax;
    }
}
