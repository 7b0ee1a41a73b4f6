package io.simdnn.bench.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
 * Each bandwidth-bound kernel of {@link StreamingKernelBenchmark} against its copy, timed in
 * alternating calls within each fork: one kernel call, then one {@code MemorySegment.copy} of the
 * same bytes (the {@link CopyBenchmark} configuration its {@link KernelTraffic} names, between
 * buffers of its own), and so on. The report's headline takes this ratio: on a shared machine the
 * speed can move in phases about 1.5x apart that last seconds to minutes, so a kernel and a copy
 * benchmarked minutes apart can disagree by that much (the same reason as for
 * {@link ConvBenchmark#interleaved}). The price: each side starts with the other sides' buffers in
 * the caches, so kernels with large working sets (softmax-CE's 32 MB) run colder than in their own
 * benchmark. The separate ratio stays in the report beside this one.
 *
 * <p>A third side writes the kernel's {@link KernelTraffic#freshBytes} with plain vector stores
 * into a buffer of their own and does nothing else: about the least time a kernel that writes its
 * output with vector stores can take, whatever its arithmetic. It tells whether a kernel below the
 * target is held back by its stores (plain stores must fetch each line before overwriting it,
 * which {@code MemorySegment.copy}'s large-copy path may avoid) or by its own instructions.
 *
 * <p>Each side is timed whole: 0.1-4 ms per call, long against {@code nanoTime}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class StreamingInterleavedBenchmark {
    /** Secondary metric names of the three sides of {@link #interleaved} and its call count, as JMH reports them. */
    public static final String KERNEL_NANOS = "kernelNanos";
    public static final String COPY_NANOS = "copyNanos";
    public static final String STORE_NANOS = "storeNanos";
    public static final String CALLS = "calls";

    /** Lists the benchmarks of {@link StreamingKernelBenchmark#TRAFFIC} (a test checks it): JMH needs constants here. */
    @Param({"reluForward", "reluBackward", "tanhForward", "biasAddToRows", "biasColumnSums", "sumOfSquares",
            "softmaxCrossEntropy", "softmaxCrossEntropyInPlace", "momentumSgd", "adam", "maxPoolForward", "maxPoolBackward", "avgPoolForward",
            "avgPoolBackward", "batchNormTrainingForward", "dropoutForward"})
    public String kernel;

    /** The kernels' operands and calls; a plain object here, set up and torn down with this state. */
    private final StreamingKernelBenchmark kernels = new StreamingKernelBenchmark();
    private Arena arena;
    private MemorySegment source;
    private MemorySegment target;
    /** Bytes the copy reads (and writes again). */
    private long copyLength;
    private MemorySegment stored;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /**
     * Nanoseconds spent in each side of {@link #interleaved} during one iteration, and its number
     * of kernel calls (each side's rate: calls x bytes / nanoseconds).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        public long kernelNanos;
        public long copyNanos;
        public long storeNanos;
        public long calls;

        @Setup(Level.Iteration)
        public void clear() {
            kernelNanos = 0;
            copyNanos = 0;
            storeNanos = 0;
            calls = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernels.threads = 1;
        kernels.setUp();
        KernelTraffic traffic = StreamingKernelBenchmark.traffic(kernel);
        copyLength = traffic.copyFloats() * Float.BYTES;
        arena = Arena.ofShared();
        source = BenchData.uniform(arena, traffic.copyFloats(), new SplittableRandom(2));
        target = BenchData.uniform(arena, traffic.copyFloats(), new SplittableRandom(3)); // touched: no page faults when timed
        stored = BenchData.uniform(arena, traffic.freshBytes() / Float.BYTES, new SplittableRandom(4));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        kernels.tearDown();
    }

    @Benchmark
    public void interleaved(Times times, Blackhole sink) {
        long start = System.nanoTime();
        kernels.call(kernel, sink);
        long middle = System.nanoTime();
        MemorySegment.copy(source, 0, target, 0, copyLength);
        long copied = System.nanoTime();
        storeEverywhere(stored, times.calls);
        long end = System.nanoTime();
        sink.consume(target);
        sink.consume(stored);
        times.kernelNanos += middle - start;
        times.copyNanos += copied - middle;
        times.storeNanos += end - copied;
        times.calls++;
    }

    /**
     * Vector stores over the whole of {@code target} (a multiple of 64 bytes), of a value that
     * changes per call. The vector is made inside the loop (C2 hoists it): made before a loop
     * that never runs (kernels without fresh bytes), it stayed live into the never-taken path
     * and C2 allocated it on every call, about 100 bytes.
     */
    private static void storeEverywhere(MemorySegment target, long call) {
        long step = SPECIES.vectorByteSize();
        for (long offset = 0; offset + step <= target.byteSize(); offset += step) {
            FloatVector.broadcast(SPECIES, (float) call).intoMemorySegment(target, offset, ByteOrder.nativeOrder());
        }
    }
}
