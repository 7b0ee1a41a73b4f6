package io.simdnn.bench.benchmarks;

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
 * The roofline of the bandwidth-bound kernels on one core: {@code MemorySegment.copy} (an
 * intrinsic memmove) of {@code floats} floats between two 64-byte aligned off-heap buffers, i.e.
 * 8 x floats bytes moved per call. One configuration per working-set size that a kernel in
 * {@link StreamingKernelBenchmark#TRAFFIC} moves, so each kernel meets a copy in its own cache
 * regime. Source and destination never overlap, so the copy takes its fastest forward path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CopyBenchmark {
    /** Lists {@link StreamingKernelBenchmark#copySizes()} (a test checks it): JMH needs constants here. */
    @Param({"524288", "655360", "786432", "1048576", "1572864", "2621440", "3670016", "4096000"})
    public long floats;

    private Arena arena;
    private MemorySegment source;
    private MemorySegment target;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        source = BenchData.uniform(arena, floats, new SplittableRandom(2));
        target = BenchData.uniform(arena, floats, new SplittableRandom(3)); // touched: no page faults when timed
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment copy() {
        MemorySegment.copy(source, 0, target, 0, floats * Float.BYTES);
        return target;
    }
}
