package io.simdnn.bench.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import io.simdnn.kernels.GemmEpilogue;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.elementwise.Activations;
import io.simdnn.kernels.elementwise.Bias;
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
 * A dense layer's product with its ReLU fused into the GEMM ({@link GemmEpilogue}) against the
 * same product followed by the separate kernels, in alternating blocks within each fork, each side
 * timed as an auxiliary counter ({@code fusedNanos}, {@code separateNanos}; the speed-up is their
 * ratio). Both sides write the same bits.
 *
 * <ul>
 *   <li>{@code forward}: {@code Y = max(X W^T + b, 0)}, batch x outputs, against the NT product, then
 *       {@code Bias.addToRows} and {@code Activations.reluForward}.</li>
 *   <li>{@code inputGradient}: {@code dX = (dY W) where X > 0}, batch x inputs, against the NN
 *       product, then {@code Activations.reluBackward}.</li>
 * </ul>
 *
 * Layers are given as {@code inputs-outputs} at batch 128 (the default MLP's hidden layers). On 2
 * threads the separate kernels split C differently from the GEMM, so each core reads what the
 * other wrote; the fused form finishes each part of C on the core that computed it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmEpilogueBenchmark {
    private static final int BATCH = 128;
    /** Calls per timed block on each side. */
    private static final int BLOCK = 10;

    @Param({"784-512", "512-256"})
    public String layer;

    @Param({"forward", "inputGradient"})
    public String pass;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private int inputs;
    private int outputs;
    private MemorySegment x;
    private MemorySegment w;
    private MemorySegment bias;
    private MemorySegment dy;
    private MemorySegment out;
    private GemmEpilogue fusedForward;
    private GemmEpilogue fusedMask;

    /** Nanoseconds spent on each form during one iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        public long fusedNanos;
        public long separateNanos;

        @Setup(Level.Iteration)
        public void clear() {
            fusedNanos = 0;
            separateNanos = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] sizes = layer.split("-");
        if (sizes.length != 2) {
            throw new IllegalArgumentException("layer must be inputs-outputs, got '" + layer + "'");
        }
        inputs = Integer.parseInt(sizes[0]);
        outputs = Integer.parseInt(sizes[1]);
        if (!pass.equals("forward") && !pass.equals("inputGradient")) {
            throw new IllegalArgumentException("pass must be forward or inputGradient, got '" + pass + "'");
        }
        KernelThreads.setParallelism(threads);
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(7);
        // x in [-1, 1): half its elements mask the gradient, as a ReLU's input would
        x = BenchData.uniform(arena, (long) BATCH * inputs, random);
        w = BenchData.uniform(arena, (long) outputs * inputs, random);
        bias = BenchData.uniform(arena, outputs, random);
        dy = BenchData.uniform(arena, (long) BATCH * outputs, random);
        out = BenchData.uniform(arena, (long) BATCH * Math.max(inputs, outputs), random);
        fusedForward = GemmEpilogue.biasRelu(bias, 0);
        fusedMask = GemmEpilogue.reluGradient(x, 0, inputs);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void interleaved(Times times, Blackhole sink) {
        long start = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            fused();
        }
        long middle = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            separate();
        }
        times.fusedNanos += middle - start;
        times.separateNanos += System.nanoTime() - middle;
        sink.consume(out);
    }

    private void fused() {
        if (pass.equals("forward")) {
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, BATCH, outputs, inputs, 1f,
                    x, 0, inputs, w, 0, inputs, 0f, out, 0, outputs, fusedForward);
        } else {
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, BATCH, inputs, outputs, 1f,
                    dy, 0, outputs, w, 0, inputs, 0f, out, 0, inputs, fusedMask);
        }
    }

    private void separate() {
        if (pass.equals("forward")) {
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, BATCH, outputs, inputs, 1f,
                    x, 0, inputs, w, 0, inputs, 0f, out, 0, outputs);
            Bias.addToRows(BATCH, outputs, bias, 0, out, 0, outputs);
            Activations.reluForward((long) BATCH * outputs, out, 0, out, 0);
        } else {
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, BATCH, inputs, outputs, 1f,
                    dy, 0, outputs, w, 0, inputs, 0f, out, 0, inputs);
            Activations.reluBackward((long) BATCH * inputs, x, 0, out, 0, out, 0);
        }
    }
}
