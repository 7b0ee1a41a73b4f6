package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link Flatten}: both passes are views of the same memory, N x C x H x W as N x (C*H*W) rows
 * and back, element (n, c, h, w) at column (c * H + h) * W + w; the views are kept while the
 * tensors stay.
 */
class FlattenTest {
    @Test
    void flattenIsAView() {
        try (Model model = new Model(List.of(new Flatten(), new BatchNormLayer(), new Dense(2, Initializer.HE)), new int[] {2, 3}, 4)) {
            Tensor input = model.allocate(4, 2, 3);
            Tensor flat = model.layers().getFirst().forward(input, true);
            assertArrayEquals(new int[] {4, 6}, flat.shape());
            assertEquals(input.data(), flat.data());
        }
    }

    @Test
    void forwardAndBackwardKeepEveryElementInItsRowMajorPlace() {
        int batch = 2, channels = 2, height = 3, width = 4;
        try (LayerHarness h = new LayerHarness(new Flatten(), 3, channels, height, width)) {
            Layer flatten = h.model.layers().getFirst();
            assertArrayEquals(new int[] {24}, flatten.outputShape());
            float[] x = gaussian(new SplittableRandom(1), batch * 24, 1);
            Tensor input = h.input(x);
            Tensor rows = h.model.forward(input, true);
            assertArrayEquals(new int[] {batch, 24}, rows.shape());
            for (int n = 0; n < batch; n++) {
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int w = 0; w < width; w++) {
                            float expected = x[((n * channels + c) * height + y) * width + w];
                            assertEquals(expected, Buffers.get(rows.data(), (long) n * 24 + (c * height + y) * width + w));
                        }
                    }
                }
            }
            assertSame(rows, h.model.forward(input, true), "the same input gives the same view");
            assertNotSame(rows, h.model.forward(h.input(x), true), "another input, another view");

            float[] dy = gaussian(new SplittableRandom(2), batch * 24, 1);
            Tensor gradient = h.tensor(dy, batch, 24);
            Tensor dx = h.model.backward(gradient);
            assertArrayEquals(new int[] {batch, channels, height, width}, dx.shape());
            assertEquals(gradient.data(), dx.data(), "the input gradient is a view of the output gradient");
            assertArrayEquals(dy, dx.toArray());
            assertSame(dx, h.model.backward(gradient));
        }
    }

    @Test
    void backPropagatesCorrectly() {
        GradientCheckSupport.assertBackPropagatesCorrectly("flatten alone", List.of(new Flatten()), new int[] {2, 3, 3}, 13);
    }
}
