package io.simdnn.bench.benchmarks;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.nn.Model;
import io.simdnn.nn.layers.Conv2dLayer;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.layers.MaxPool2d;
import io.simdnn.nn.layers.Relu;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
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
 * One full training step (forward, loss, backward, momentum update) of the default models on a
 * fixed random batch: MLP 784-512-256-10 at batch 128 and the CNN at batch 64. Samples/s =
 * ops/s x batch. Run with {@code -prof gc}: a steady-state step should allocate (almost) nothing;
 * what remains is the kernel pool's per-call bookkeeping when threads > 1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// as many warm-up iterations as the suite gives it (SuitePlan): fewer measure C2 still compiling
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TrainingStepBenchmark {
    @Param({"mlp", "cnn"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private Model net;
    private Tensor input;
    private Tensor gradient;
    private int[] labels;
    private SoftmaxCrossEntropyLoss loss;
    private SgdMomentum optimizer;

    @Setup(Level.Trial)
    public void setUp() {
        KernelThreads.setParallelism(threads);
        boolean cnn = model.equals("cnn");
        int batch = batch(model);
        List<Layer> layers = cnn
                ? List.of(new Conv2dLayer(16, 5, 1, 2, Initializer.HE), new Relu(), new MaxPool2d(2, 2),
                        new Conv2dLayer(32, 5, 1, 2, Initializer.HE), new Relu(), new MaxPool2d(2, 2), new Dense(10, Initializer.HE))
                : List.of(new Dense(512, Initializer.HE), new Relu(), new Dense(256, Initializer.HE), new Relu(), new Dense(10, Initializer.HE));
        net = new Model(layers, new int[] {1, 28, 28}, batch);
        SplittableRandom random = new SplittableRandom(5);
        net.initialize(random);
        input = net.allocate(batch, 1, 28, 28);
        for (long i = 0; i < input.size(); i++) {
            Buffers.set(input.data(), i, (float) random.nextDouble());
        }
        gradient = net.allocate(batch, 10);
        labels = random.ints(batch, 0, 10).toArray();
        loss = new SoftmaxCrossEntropyLoss(1e-4f);
        optimizer = new SgdMomentum(0.01f, 0.9f, 1f, 1e-4f);
    }

    /** The batch size each model is trained with by default: 128 for the MLP, 64 for the CNN. */
    public static int batch(String model) {
        return switch (model) {
            case "mlp" -> 128;
            case "cnn" -> 64;
            default -> throw new IllegalArgumentException("model must be mlp or cnn, got '" + model + "'");
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    public float step() {
        Tensor logits = net.forward(input, true);
        float value = loss.dataLossAndGradient(logits, labels, 0, gradient);
        net.backward(gradient);
        optimizer.step(net.params(), 0);
        return value;
    }
}
