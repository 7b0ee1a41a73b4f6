package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.nn.Model;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model folds its dense-ReLU pairs into the dense layers' GEMMs ({@link ReluFusion}); the same
 * layers run one by one without it must give the same bits: logits, input gradient and every
 * parameter gradient, on 1 and 2 threads (the widths put the products above the 2-thread threshold).
 * Inputs and gradients hold exact zeros, so ReLU's subgradient at 0 is exercised.
 */
class ReluFusionTest {
    private static final int BATCH = 64, INPUTS = 200;

    @ParameterizedTest(name = "{0}, {1} threads")
    @CsvSource({
            "dense-relu-dense-relu-dense, 1", "dense-relu-dense-relu-dense, 2",
            "dense-relu-relu-dense, 2", // the second ReLU follows a ReLU: not fused, it masks by its own input
            "dense-relu-dropout-dense, 2", // the gradient reaching the fused ReLU comes from dropout: the ReLU masks it
    })
    void fusedModelGivesTheBitsOfItsLayersRunOneByOne(String layers, int threads) {
        int saved = KernelThreads.parallelism();
        KernelThreads.setParallelism(threads);
        try (Model fused = new Model(build(layers).get(), new int[] {INPUTS}, BATCH);
             Arena arena = Arena.ofShared()) {
            List<Layer> plain = build(layers).get();
            int[] shape = {INPUTS};
            for (int i = 0; i < plain.size(); i++) {
                plain.get(i).build(i, shape, BATCH, arena);
                shape = plain.get(i).outputShape();
            }
            fused.initialize(new SplittableRandom(3));
            SplittableRandom random = new SplittableRandom(3);
            for (Layer layer : plain) {
                layer.initialize(random);
            }
            fused.setInputGradientNeeded(true);

            SplittableRandom data = new SplittableRandom(11);
            float[] x = withZeros(gaussian(data, BATCH * INPUTS, 1));
            float[] dy = withZeros(gaussian(data, BATCH * 10, 1));
            Tensor input = fused.allocate(BATCH, INPUTS);
            LayerHarness.set(input, x);
            Tensor gradient = fused.allocate(BATCH, 10);
            LayerHarness.set(gradient, dy);

            float[] fusedLogits = fused.forward(input, true).toArray();
            float[] fusedDx = fused.backward(gradient).toArray();
            Tensor t = input;
            for (Layer layer : plain) {
                t = layer.forward(t, true);
            }
            float[] plainLogits = t.toArray();
            Tensor g = gradient;
            for (int i = plain.size() - 1; i >= 0; i--) {
                g = plain.get(i).backward(g);
            }

            assertArrayEquals(plainLogits, fusedLogits, "logits");
            assertArrayEquals(g.toArray(), fusedDx, "input gradient");
            List<Param> plainParams = new ArrayList<>();
            plain.forEach(layer -> plainParams.addAll(layer.params()));
            assertEquals(plainParams.size(), fused.params().size());
            for (int p = 0; p < plainParams.size(); p++) {
                assertArrayEquals(plainParams.get(p).gradient().toArray(), fused.params().get(p).gradient().toArray(),
                        plainParams.get(p).name() + " gradient");
            }
            plain.forEach(Layer::close);
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    @ParameterizedTest
    @CsvSource({"dense-relu-dense-relu-dense, 2", "dense-relu-relu-dense, 1", "dense-dense-relu, 1", "relu-dense-relu, 1"})
    void everyDenseReluPairIsFolded(String layers, int expected) {
        assertEquals(expected, ReluFusion.apply(build(layers).get()));
    }

    @ParameterizedTest
    @CsvSource({"dense-relu-dense-relu-dense"})
    void aFoldedReluPassesItsInputThrough(String layers) {
        try (Model model = new Model(build(layers).get(), new int[] {INPUTS}, BATCH)) {
            Tensor input = model.allocate(BATCH, INPUTS);
            Tensor dense = model.layers().get(0).forward(input, false);
            assertSame(dense, model.layers().get(1).forward(dense, false));
        }
    }

    /** Layers from names; the last dense layer has 10 outputs, the others 256 and 128 alternately. */
    private static Supplier<List<Layer>> build(String names) {
        return () -> {
            List<Layer> layers = new ArrayList<>();
            String[] parts = names.split("-");
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                layers.add(switch (parts[i]) {
                    case "dense" -> new Dense(last ? 10 : layers.size() % 2 == 0 ? 256 : 128, Initializer.HE);
                    case "relu" -> new Relu();
                    case "dropout" -> new DropoutLayer(0.25f);
                    default -> throw new IllegalArgumentException(parts[i]);
                });
            }
            return layers;
        };
    }

    /** Every fifth value set to 0 (and every tenth to -0). */
    private static float[] withZeros(float[] values) {
        for (int i = 0; i < values.length; i += 5) {
            values[i] = i % 10 == 0 ? -0f : 0f;
        }
        return values;
    }
}
