package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.layers.AvgPool2d;
import io.simdnn.nn.layers.Conv2dLayer;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.Flatten;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.layers.MaxPool2d;
import io.simdnn.nn.layers.Relu;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link RunOrder}: which layers change places, and that a model running a ReLU after the max
 * pooling it was declared before computes the same bits as one running them as declared.
 */
class RunOrderTest {
    @Test
    void aReluMovesPastEveryMaxPoolingThatFollowsIt() {
        Layer conv = new Conv2dLayer(2, 3, 1, 1, Initializer.HE), dense = new Dense(3, Initializer.HE);
        Layer relu = new Relu(), otherRelu = new Relu(), pool = new MaxPool2d(2, 2), otherPool = new MaxPool2d(2, 1);
        assertArrayEquals(new int[] {0, 2, 1, 3}, RunOrder.of(List.of(conv, relu, pool, dense)));
        assertArrayEquals(new int[] {2, 0, 1}, RunOrder.of(List.of(relu, otherRelu, pool)));
        assertArrayEquals(new int[] {1, 2, 0}, RunOrder.of(List.of(relu, pool, otherPool)));
    }

    @Test
    void otherNeighboursKeepTheirOrder() {
        Layer relu = new Relu(), avg = new AvgPool2d(2, 2), max = new MaxPool2d(2, 2), flatten = new Flatten();
        assertArrayEquals(new int[] {0, 1, 2}, RunOrder.of(List.of(max, relu, avg)));
        assertArrayEquals(new int[] {0, 1, 2}, RunOrder.of(List.of(relu, flatten, max)));
    }

    /**
     * Forward logits, every parameter gradient and the input gradient, bit for bit. The inputs are
     * multiples of 1/4 around 0, so windows often tie, hold zeros or hold no positive value: the
     * cases where the first maximum could differ between the two orders.
     */
    @Property(tries = 40)
    void reluAfterMaxPoolingGivesTheDeclaredOrdersBits(@ForAll @IntRange(min = 1, max = 3) int channels,
                                                         @ForAll @IntRange(min = 3, max = 9) int size,
                                                         @ForAll @IntRange(min = 1, max = 3) int kernel,
                                                         @ForAll @IntRange(min = 1, max = 2) int stride,
                                                         @ForAll @IntRange(min = 1, max = 5) int batch,
                                                         @ForAll long seed) {
        int[] sampleShape = {channels, size, size};
        try (Model reordered = model(new Relu(), kernel, stride, sampleShape, batch, seed);
             Model declared = model(new DeclaredRelu(), kernel, stride, sampleShape, batch, seed)) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] x = new float[batch * channels * size * size];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextInt(-6, 7) / 4f;
            }
            float[] dLogits = new float[batch * 3];
            for (int i = 0; i < dLogits.length; i++) {
                dLogits[i] = (float) random.nextGaussian();
            }
            assertArrayEquals(forward(declared, x, batch, sampleShape), forward(reordered, x, batch, sampleShape), "logits");
            assertArrayEquals(backward(declared, dLogits, batch), backward(reordered, dLogits, batch), "input gradient");
            assertEquals(declared.params().size(), reordered.params().size());
            for (int p = 0; p < declared.params().size(); p++) {
                Param expected = declared.params().get(p), actual = reordered.params().get(p);
                assertEquals(expected.name(), actual.name());
                assertArrayEquals(expected.gradient().toArray(), actual.gradient().toArray(), expected.name() + " gradient");
            }
        }
    }

    private static Model model(Layer relu, int kernel, int stride, int[] sampleShape, int batch, long seed) {
        Model model = new Model(List.of(new Conv2dLayer(2, 3, 1, 1, Initializer.HE), relu, new MaxPool2d(kernel, stride),
                new Dense(3, Initializer.HE)), sampleShape, batch);
        model.initialize(new SplittableRandom(seed));
        model.setInputGradientNeeded(true);
        return model;
    }

    /** The logits of one training-mode forward pass of {@code x}. */
    private static float[] forward(Model model, float[] x, int batch, int[] sampleShape) {
        Tensor input = model.allocate(batch, sampleShape[0], sampleShape[1], sampleShape[2]);
        fill(input, x);
        return model.forward(input, true).toArray();
    }

    /** The input gradient of a backward pass of {@code dLogits} after the last forward pass; fills the parameter gradients. */
    private static float[] backward(Model model, float[] dLogits, int batch) {
        Tensor gradient = model.allocate(batch, 3);
        fill(gradient, dLogits);
        return model.backward(gradient).toArray();
    }

    private static void fill(Tensor t, float[] values) {
        MemorySegment.copy(values, 0, t.data(), Buffers.FLOAT, 0, values.length);
    }

    /** A ReLU that {@link RunOrder} does not recognize, so it runs where it was declared. */
    private static final class DeclaredRelu implements Layer {
        private final Relu relu = new Relu();

        @Override
        public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
            relu.build(index, inputShape, maxBatch, arena);
        }

        @Override
        public int[] outputShape() {
            return relu.outputShape();
        }

        @Override
        public Tensor forward(Tensor input, boolean training) {
            return relu.forward(input, training);
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            return relu.backward(gradOutput);
        }

        @Override
        public String describe() {
            return relu.describe();
        }
    }
}
