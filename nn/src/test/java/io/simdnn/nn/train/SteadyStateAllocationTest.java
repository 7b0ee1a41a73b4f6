package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.nn.Model;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.layers.AvgPool2d;
import io.simdnn.nn.layers.BatchNormLayer;
import io.simdnn.nn.layers.Conv2dLayer;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.DropoutLayer;
import io.simdnn.nn.layers.Flatten;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.layers.MaxPool2d;
import io.simdnn.nn.layers.Relu;
import io.simdnn.nn.layers.SmoothActivation;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A training step (the next batch, forward, loss, backward, optimizer) allocates nothing once the JIT has
 * compiled it. Until then the interpreter and C1 box every Vector API value, so the test trains until
 * {@link #QUIET_WINDOWS} windows of steps in a row allocate nothing, and fails if that has not happened
 * within {@link #JIT_BUDGET}. The budget is time rather than steps: when C2 gets to a method depends on
 * its compile queue, which drains in seconds whatever the size of the model. Bytes are counted on the
 * calling thread and on the kernel pool's workers.
 */
class SteadyStateAllocationTest {
    private static final int WINDOW = 20;
    /** Windows in a row that must allocate nothing: 100 steps, so that the shuffle every 4 steps and every batch are in them. */
    private static final int QUIET_WINDOWS = 5;
    /** Training time allowed for the JIT to compile the whole step: 15-30 times what these models usually need (2-4 s). */
    private static final Duration JIT_BUDGET = Duration.ofSeconds(60);
    /** Set by the build's AVX2 executions: the vector width they must run at, so that a dropped JVM flag cannot pass unnoticed. */
    private static final String EXPECTED_LANES = "simdnn.test.expectedLanes";

    @Test
    void runsAtTheVectorWidthTheBuildAskedFor() {
        String expected = System.getProperty(EXPECTED_LANES);
        assumeTrue(expected != null, "no vector width asked for");
        assertEquals(Integer.parseInt(expected), VectorSupport.floatLanes(), VectorSupport.describe());
    }

    @ParameterizedTest(name = "{0}, {1} thread(s)")
    @CsvSource({"mlp, 1", "mlp, 2", "cnn, 1", "cnn, 2", "other-layers, 2"})
    void trainingStepsStopAllocating(String model, int threads) {
        int saved = KernelThreads.parallelism();
        KernelThreads.setParallelism(threads);
        try (Model net = new Model(layers(model), new int[] {1, 12, 12}, 16)) {
            SplittableRandom random = new SplittableRandom(3);
            net.initialize(random);
            Tensor input = net.allocate(16, 1, 12, 12);
            Tensor gradient = net.allocate(16, 10);
            int[] labels = new int[16];
            // the trainer's batches, mirrored images included, are part of the step
            float[] pixels = new float[64 * 144];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextDouble();
            }
            Dataset images = new Dataset("images", pixels, random.ints(64, 0, 10).toArray(), new int[] {1, 12, 12},
                    List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
            Batches batches = new Batches(images, 16, Augmentation.FLIP, 5);
            SplittableRandom shuffling = new SplittableRandom(7);
            int[] next = {0};
            SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss(1e-4f);
            Optimizer optimizer = new SgdMomentum(0.01f, 0.9f, 1f, 1e-4f);
            Runnable step = () -> {
                if (next[0] == batches.count()) {
                    batches.shuffle(shuffling);
                    next[0] = 0;
                }
                batches.fill(next[0]++, input, labels);
                loss.dataLossAndGradient(net.forward(input, true), labels, 0, gradient);
                net.backward(gradient);
                optimizer.step(net.params(), 0);
            };
            long start = System.nanoTime();
            long lastWindow = -1;
            int windows = 0;
            int quiet = 0;
            while (quiet < QUIET_WINDOWS && System.nanoTime() - start < JIT_BUDGET.toNanos()) {
                lastWindow = allocatedBy(() -> {
                    for (int s = 0; s < WINDOW; s++) {
                        step.run();
                    }
                });
                windows++;
                quiet = lastWindow == 0 ? quiet + 1 : 0;
            }
            assertEquals(QUIET_WINDOWS, quiet, "windows of " + WINDOW + " steps in a row that allocated nothing, after "
                    + WINDOW * windows + " training steps in " + JIT_BUDGET.toSeconds() + " s (the last window allocated "
                    + lastWindow + " bytes)");
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    private static List<Layer> layers(String model) {
        return switch (model) {
            case "mlp" -> List.of(new Flatten(), new Dense(32, Initializer.HE), new Relu(), new Dense(10, Initializer.HE));
            case "cnn" -> List.of(new Conv2dLayer(4, 3, 1, 1, Initializer.HE), new Relu(), new MaxPool2d(2, 2),
                    new Conv2dLayer(8, 3, 1, 1, Initializer.HE), new Relu(), new MaxPool2d(2, 2), new Flatten(),
                    new DropoutLayer(0.25f), new Dense(10, Initializer.HE));
            // every layer kind the two above leave out
            case "other-layers" -> List.of(new Conv2dLayer(4, 3, 1, 1, Initializer.HE), new BatchNormLayer(), SmoothActivation.tanh(),
                    new AvgPool2d(2, 2), new Flatten(), new Dense(16, Initializer.XAVIER), new BatchNormLayer(),
                    SmoothActivation.sigmoid(), new Dense(10, Initializer.LECUN), SmoothActivation.scaledTanh());
            default -> throw new IllegalArgumentException(model);
        };
    }

    /**
     * Bytes allocated while {@code work} runs, by this thread and the kernel workers, less what
     * the measurement itself allocates (the per-thread query builds small arrays).
     */
    private static long allocatedBy(Runnable work) {
        long[] workers = workerIds();
        long before = allocatedSoFar(workers);
        long emptyWindow = allocatedSoFar(workers);
        work.run();
        long after = allocatedSoFar(workers);
        return (after - emptyWindow) - (emptyWindow - before);
    }

    private static long allocatedSoFar(long[] workers) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = bean.getCurrentThreadAllocatedBytes();
        for (long id : workers) {
            total += bean.getThreadAllocatedBytes(id);
        }
        return total;
    }

    /** The pool's worker threads (named simdnn-kernel-N). */
    private static long[] workerIds() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("simdnn-kernel-"))
                .mapToLong(Thread::threadId).toArray();
    }
}
