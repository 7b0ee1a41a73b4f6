package io.simdnn.bench.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.gemm.Gemm;
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
 * One {@code sgemm} call per operation, simdnn or OpenBLAS, on the same buffers in the same fork
 * layout, so their throughputs form a fair ratio. GFLOP/s = ops/s x 2MNK / 1e9 (computed by
 * the report).
 *
 * <p>Pitfalls avoided: data is random, not zeros (denormal/zero shortcuts); buffers are off-heap,
 * 64-byte aligned and allocated once per trial (no allocation or page faults in the timed loop);
 * beta = 0 so C is written, not accumulated into something that grows to infinity; C is
 * consumed implicitly since the segment escapes to native code and to the state object, so the
 * call cannot be eliminated; several forks average out alignment and JIT luck.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// as many warm-up iterations as the suite gives it (SuitePlan): fewer measure C2 still compiling
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBenchmark {
    /** The benchmarked shapes: squares, MLP layers (128 batch, 784-512 / 10 classes), conv im2col products. */
    public static final String[] SHAPES = {
        "256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN",
        "128x512x784:NN", "784x512x128:TN", "128x784x512:NT", "64x256x512:NN", "128x10x256:NN",
        "16x50176x25:NN", "32x12544x400:NN"};

    @Param({"256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "2048x2048x2048:NN",
            "128x512x784:NN", "784x512x128:TN", "128x784x512:NT", "64x256x512:NN", "128x10x256:NN",
            "16x50176x25:NN", "32x12544x400:NN"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"simdnn", "openblas"})
    public String impl;

    private GemmShape gemm;
    private Arena arena;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private OpenBlas openBlas;

    @Setup(Level.Trial)
    public void setUp() {
        gemm = GemmShape.parse(shape);
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(1);
        a = BenchData.uniform(arena, (long) gemm.m() * gemm.k(), random);
        b = BenchData.uniform(arena, (long) gemm.k() * gemm.n(), random);
        c = Buffers.allocate(arena, (long) gemm.m() * gemm.n());
        KernelThreads.setParallelism(threads);
        if (impl.equals("openblas")) {
            openBlas = OpenBlas.load().orElseThrow(() -> new IllegalStateException(OpenBlas.ABSENT_MESSAGE));
            openBlas.setThreads(threads);
            // a fork of a bench run whose OpenBLAS core type was probed runs the chosen one, or no row at all
            OpenBlasSelection.inherited().flatMap(cores -> cores.mismatch(openBlas.config())).ifPresent(mismatch -> {
                throw new IllegalStateException(mismatch);
            });
        } else if (!impl.equals("simdnn")) {
            throw new IllegalArgumentException("impl must be simdnn or openblas, got " + impl);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment sgemm() {
        if (openBlas != null) {
            openBlas.sgemm(gemm.transA(), gemm.transB(), gemm.m(), gemm.n(), gemm.k(), 1f,
                    a, gemm.lda(), b, gemm.ldb(), 0f, c, gemm.n());
        } else {
            Gemm.sgemm(gemm.transA(), gemm.transB(), gemm.m(), gemm.n(), gemm.k(), 1f,
                    a, 0, gemm.lda(), b, 0, gemm.ldb(), 0f, c, 0, gemm.n());
        }
        return c;
    }
}
