package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.foreign.Arena;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link ShapePreservingLayer}, the base of activations, dropout and batch norm: output shape =
 * input shape, separate output and input-gradient buffers handed out for the batch at hand, and
 * {@code buildState} called with the layer's index and input shape.
 */
class ShapePreservingLayerTest {
    /** {@code y = 2x}, {@code dx = 3 dy}, through the base's buffers. */
    private static final class Scaling extends ShapePreservingLayer {
        int builtIndex = -1;
        int[] builtShape;

        @Override
        void buildState(int index, int[] inputShape, Arena arena) {
            builtIndex = index;
            builtShape = inputShape.clone();
        }

        @Override
        public Tensor forward(Tensor input, boolean training) {
            Tensor y = output(input.dim(0));
            for (long i = 0; i < input.size(); i++) {
                Buffers.set(y.data(), i, 2 * Buffers.get(input.data(), i));
            }
            return y;
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            Tensor dx = gradInput(gradOutput.dim(0));
            for (long i = 0; i < gradOutput.size(); i++) {
                Buffers.set(dx.data(), i, 3 * Buffers.get(gradOutput.data(), i));
            }
            return dx;
        }

        @Override
        public String describe() {
            return "scaling";
        }
    }

    @Test
    void buffersHaveTheInputsShapeAndTheBatchAtHand() {
        Scaling layer = new Scaling();
        try (LayerHarness h = new LayerHarness(layer, 4, 2, 1, 3)) {
            assertEquals(0, layer.builtIndex);
            assertArrayEquals(new int[] {2, 1, 3}, layer.builtShape);
            int[] shape = layer.outputShape();
            assertArrayEquals(new int[] {2, 1, 3}, shape);
            shape[0] = 99;
            assertArrayEquals(new int[] {2, 1, 3}, layer.outputShape(), "the shape handed out is a copy");

            float[] x = {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6};
            Tensor y = h.forward(x, true);
            assertShape(y, 2, 2, 1, 3);
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12, -2, -4, -6, -8, -10, -12}, y.toArray());
            Tensor dx = h.backward(new float[] {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2}, 2, 2, 1, 3);
            assertShape(dx, 2, 2, 1, 3);
            assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 6}, dx.toArray());
            assertNotEquals(y.data().address(), dx.data().address(), "output and input gradient are separate buffers");
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12, -2, -4, -6, -8, -10, -12}, y.toArray(), "backward left the output");
            assertShape(h.forward(new float[] {1, 2, 3, 4, 5, 6}, true), 1, 2, 1, 3);
        }
    }
}
