package io.simdnn.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.tensor.Tensor;

/**
 * Test support for the layer tests: one layer built alone in a {@link Model} (which owns its
 * memory), fed plain float arrays, with its input gradient turned on; and the small helpers
 * those tests compare a layer's results with a scalar computation by.
 */
final class LayerHarness implements AutoCloseable {
    final Model model;
    private final int[] sampleShape;
    private final int sampleSize;

    /** {@code layer} built for samples of {@code sampleShape} and batches of up to {@code maxBatch}. */
    LayerHarness(Layer layer, int maxBatch, int... sampleShape) {
        this.model = new Model(List.of(layer), sampleShape, maxBatch);
        this.sampleShape = sampleShape.clone();
        this.sampleSize = (int) Tensor.product(sampleShape);
        model.setInputGradientNeeded(true);
    }

    /** A batch of input samples holding {@code values} (as many samples as they fill). */
    Tensor input(float[] values) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = values.length / sampleSize;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return tensor(values, shape);
    }

    /** A tensor of {@code shape} holding {@code values}, living as long as the model. */
    Tensor tensor(float[] values, int... shape) {
        Tensor t = model.allocate(shape);
        assertEquals(t.size(), values.length, "values for a tensor of shape " + java.util.Arrays.toString(shape));
        set(t, values);
        return t;
    }

    /** The layer's output for the batch {@code x}. */
    Tensor forward(float[] x, boolean training) {
        return model.forward(input(x), training);
    }

    /** The layer's input gradient for the output gradient {@code dy} of the last forward batch (of the output's shape). */
    Tensor backward(float[] dy, int... outputShape) {
        return model.backward(tensor(dy, outputShape));
    }

    @Override
    public void close() {
        model.close();
    }

    static void set(Tensor t, float[] values) {
        for (int i = 0; i < values.length; i++) {
            Buffers.set(t.data(), i, values[i]);
        }
    }

    /** {@code n} Gaussian values of deviation {@code scale}. */
    static float[] gaussian(SplittableRandom random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    /** {@code actual} against {@code expected} element by element, to {@code tolerance} times max(1, |expected|). */
    static void assertClose(double[] expected, Tensor actual, double tolerance, String what) {
        float[] values = actual.toArray();
        assertEquals(expected.length, values.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], values[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    /** The shape of {@code t} is {@code expected}. */
    static void assertShape(Tensor t, int... expected) {
        assertArrayEquals(expected, t.shape(), "shape");
    }
}
