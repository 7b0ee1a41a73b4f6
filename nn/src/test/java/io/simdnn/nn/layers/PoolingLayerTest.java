package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.nn.Model;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link PoolingLayer}, the base of both pooling layers: kernel and stride checks, C x H x W
 * input only, output geometry {@code (H - K) / S + 1}, and geometry that follows the batch size
 * from one call to the next.
 */
class PoolingLayerTest {
    @Test
    void kernelAndStrideMustBePositiveAndTheInputAnImage() {
        for (int[] bad : new int[][] {{0, 1}, {2, 0}}) {
            String message = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(bad[0], bad[1])).getMessage();
            assertEquals("pooling needs kernel and stride >= 1, got " + bad[0] + " and " + bad[1], message);
            assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(bad[0], bad[1]));
        }
        String flat = assertThrows(IllegalArgumentException.class, () -> new Model(List.of(new AvgPool2d(2, 2)), new int[] {16}, 1))
                .getMessage();
        assertEquals("avgpool(2, stride 2) layer 0 needs C x H x W input, got [16]", flat);
    }

    @Test
    void outputShapeIsTheNumberOfWholeWindows() {
        for (PoolingLayer layer : List.of(new MaxPool2d(3, 2), new AvgPool2d(3, 2))) {
            try (Model model = new Model(List.of(layer), new int[] {3, 7, 6}, 2)) {
                assertArrayEquals(new int[] {3, 3, 2}, model.layers().getFirst().outputShape(), layer.describe());
            }
        }
    }

    /** A batch of 3, then its first sample alone: the same outputs, and a gradient shaped for one sample. */
    @Test
    void theGeometryFollowsTheBatchSize() {
        float[] x = LayerHarness.gaussian(new SplittableRandom(1), 3 * 2 * 4 * 4, 1);
        for (PoolingLayer layer : List.of(new MaxPool2d(2, 2), new AvgPool2d(2, 2))) {
            try (LayerHarness h = new LayerHarness(layer, 3, 2, 4, 4)) {
                float[] three = h.forward(x, true).toArray();
                Tensor one = h.forward(Arrays.copyOf(x, 32), true);
                assertShape(one, 1, 2, 2, 2);
                // the 2x2 kernel sums the last planes of a batch in another order: equal to a float rounding
                assertArrayEquals(Arrays.copyOf(three, 8), one.toArray(), 1e-6f, layer.describe());
                float[] dy = {1, 2, 3, 4, 5, 6, 7, 8};
                Tensor dx = h.backward(dy, 1, 2, 2, 2);
                assertShape(dx, 1, 2, 4, 4);
                double sum = 0;
                for (float v : dx.toArray()) {
                    sum += v;
                }
                assertEquals(36, sum, 1e-5, layer.describe() + ": every output's gradient reaches the input once");
            }
        }
    }
}
