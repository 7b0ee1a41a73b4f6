package io.simdnn.bench.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.conv.Conv2d;
import io.simdnn.kernels.conv.ConvWorkspace;
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
 * Only the GEMM and convolution kernel calls of one {@link TrainingStepBenchmark} step, with the
 * same shapes and transposes the layers issue, and nothing else (no activations, pooling, loss,
 * bias or optimizer update). Its time is the floor a training step is compared with: the target
 * is a step time of at most 1.3 x this, measured in the same run. The suite measures that ratio
 * with {@link StepOverKernelsBenchmark}, which interleaves this benchmark's calls with the step's
 * in one fork; on its own this one gives the kernels' throughput.
 *
 * <p>Dense layers store W as outputs x inputs: forward {@code y = x W^T} (NT), weight gradient
 * {@code dW = dy^T x} (TN), input gradient {@code dx = dy W} (NN, skipped for the first layer
 * like the model does). Convolutions run {@link Conv2d#forward} and {@link Conv2d#backward}, the
 * first without the input gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class StepKernelsBenchmark {
    @Param({"mlp", "cnn"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private final List<Runnable> calls = new ArrayList<>();
    private final List<ConvWorkspace> workspaces = new ArrayList<>();
    private SplittableRandom random;

    @Setup(Level.Trial)
    public void setUp() {
        KernelThreads.setParallelism(threads);
        arena = Arena.ofShared();
        random = new SplittableRandom(11);
        if (model.equals("cnn")) {
            addConvolution(ConvShape.of(64, 1, 28, 28, 16, 5, 1, 2), false);
            addConvolution(ConvShape.of(64, 16, 14, 14, 32, 5, 1, 2), true);
            addDense(64, 32 * 7 * 7, 10, true);
        } else {
            addDense(128, 784, 512, false);
            addDense(128, 512, 256, true);
            addDense(128, 256, 10, true);
        }
    }

    private MemorySegment random(long floats) {
        return BenchData.uniform(arena, floats, random);
    }

    private void addDense(int batch, int inputs, int outputs, boolean inputGradient) {
        MemorySegment x = random((long) batch * inputs), w = random((long) outputs * inputs);
        MemorySegment y = random((long) batch * outputs), dw = random((long) outputs * inputs), dx = random((long) batch * inputs);
        calls.add(() -> Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, batch, outputs, inputs, 1f,
                x, 0, inputs, w, 0, inputs, 0f, y, 0, outputs));
        calls.add(() -> Gemm.sgemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, outputs, inputs, batch, 1f,
                y, 0, outputs, x, 0, inputs, 0f, dw, 0, inputs));
        if (inputGradient) {
            calls.add(() -> Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, batch, inputs, outputs, 1f,
                    y, 0, outputs, w, 0, inputs, 0f, dx, 0, inputs));
        }
    }

    private void addConvolution(ConvShape s, boolean inputGradient) {
        ConvWorkspace workspace = new ConvWorkspace();
        workspaces.add(workspace);
        MemorySegment x = random(s.inputSize()), w = random(s.weightSize()), b = random(s.filters());
        MemorySegment y = random(s.outputSize()), dw = random(s.weightSize()), db = random(s.filters());
        MemorySegment dx = inputGradient ? Buffers.allocate(arena, s.inputSize()) : null;
        calls.add(() -> {
            Conv2d.forward(s, x, w, b, y, workspace);
            Conv2d.backward(s, w, y, dw, db, dx, workspace);
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workspaces.forEach(ConvWorkspace::close);
        arena.close();
    }

    @Benchmark
    public int kernels() {
        // by index: a for-each loop's iterator was not always scalar-replaced (about 30 B per call
        // in StepOverKernelsBenchmark's MLP forks, where the calls behind run() are many lambdas)
        for (int i = 0; i < calls.size(); i++) {
            calls.get(i).run();
        }
        return calls.size();
    }
}
