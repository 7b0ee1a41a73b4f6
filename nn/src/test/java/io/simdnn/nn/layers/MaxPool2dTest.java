package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertClose;
import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MaxPool2d}: the maximum of each window, and the gradient routed to the first maximum's
 * input (summed where windows overlap), against plain loops.
 */
class MaxPool2dTest {
    private static final int BATCH = 2, CHANNELS = 2;

    @ParameterizedTest(name = "kernel {0}, stride {1} on {2} x {3}")
    @CsvSource({"2, 2, 5, 6", "3, 2, 5, 5", "2, 1, 4, 3"})
    void forwardAndBackwardMatchPlainLoops(int kernel, int stride, int height, int width) {
        int outH = (height - kernel) / stride + 1, outW = (width - kernel) / stride + 1;
        SplittableRandom random = new SplittableRandom(kernel * 100 + stride * 10 + height);
        try (LayerHarness h = new LayerHarness(new MaxPool2d(kernel, stride), BATCH + 1, CHANNELS, height, width)) {
            assertArrayEquals(new int[] {CHANNELS, outH, outW}, h.model.layers().getFirst().outputShape());
            float[] x = LayerHarness.gaussian(random, BATCH * CHANNELS * height * width, 1);
            float[] dy = LayerHarness.gaussian(random, BATCH * CHANNELS * outH * outW, 1);
            float[] y = new float[dy.length];
            double[] dx = new double[x.length];
            for (int p = 0; p < BATCH * CHANNELS; p++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        int best = -1;
                        for (int kh = 0; kh < kernel; kh++) {
                            for (int kw = 0; kw < kernel; kw++) {
                                int i = (p * height + oh * stride + kh) * width + ow * stride + kw;
                                if (best < 0 || x[i] > x[best]) {
                                    best = i;
                                }
                            }
                        }
                        int o = (p * outH + oh) * outW + ow;
                        y[o] = x[best];
                        dx[best] += dy[o];
                    }
                }
            }
            Tensor out = h.forward(x, true);
            assertShape(out, BATCH, CHANNELS, outH, outW);
            assertArrayEquals(y, out.toArray(), "y");
            Tensor gradient = h.backward(dy, BATCH, CHANNELS, outH, outW);
            assertShape(gradient, BATCH, CHANNELS, height, width);
            assertClose(dx, gradient, 1e-6, "dx");
        }
    }

    @Test
    void tiesGoToTheFirstMaximum() {
        try (LayerHarness h = new LayerHarness(new MaxPool2d(2, 2), 1, 1, 2, 2)) {
            assertArrayEquals(new float[] {3}, h.forward(new float[] {1, 3, 3, 2}, true).toArray());
            assertArrayEquals(new float[] {0, 5, 0, 0}, h.backward(new float[] {5}, 1, 1, 1, 1).toArray());
            assertEquals("maxpool(2, stride 2)", h.model.layers().getFirst().describe());
        }
    }

    @Test
    void backPropagatesCorrectly() {
        GradientCheckSupport.assertBackPropagatesCorrectly("max pooling alone", List.of(new MaxPool2d(2, 2)), new int[] {2, 4, 4}, 18);
    }
}
