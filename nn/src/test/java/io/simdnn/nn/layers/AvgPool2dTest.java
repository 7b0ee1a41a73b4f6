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
 * {@link AvgPool2d}: the mean of each window, and each output's gradient spread evenly over its
 * window (summed where windows overlap), against plain loops.
 */
class AvgPool2dTest {
    private static final int BATCH = 2, CHANNELS = 2;

    @ParameterizedTest(name = "kernel {0}, stride {1} on {2} x {3}")
    @CsvSource({"2, 2, 5, 6", "3, 2, 5, 5", "2, 1, 4, 3"})
    void forwardAndBackwardMatchPlainLoops(int kernel, int stride, int height, int width) {
        int outH = (height - kernel) / stride + 1, outW = (width - kernel) / stride + 1;
        SplittableRandom random = new SplittableRandom(kernel * 100 + stride * 10 + height);
        try (LayerHarness h = new LayerHarness(new AvgPool2d(kernel, stride), BATCH + 1, CHANNELS, height, width)) {
            assertArrayEquals(new int[] {CHANNELS, outH, outW}, h.model.layers().getFirst().outputShape());
            float[] x = LayerHarness.gaussian(random, BATCH * CHANNELS * height * width, 1);
            float[] dy = LayerHarness.gaussian(random, BATCH * CHANNELS * outH * outW, 1);
            double[] y = new double[dy.length], dx = new double[x.length];
            for (int p = 0; p < BATCH * CHANNELS; p++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        int o = (p * outH + oh) * outW + ow;
                        for (int kh = 0; kh < kernel; kh++) {
                            for (int kw = 0; kw < kernel; kw++) {
                                int i = (p * height + oh * stride + kh) * width + ow * stride + kw;
                                y[o] += x[i] / (double) (kernel * kernel);
                                dx[i] += dy[o] / (double) (kernel * kernel);
                            }
                        }
                    }
                }
            }
            Tensor out = h.forward(x, true);
            assertShape(out, BATCH, CHANNELS, outH, outW);
            assertClose(y, out, 1e-6, "y");
            Tensor gradient = h.backward(dy, BATCH, CHANNELS, outH, outW);
            assertShape(gradient, BATCH, CHANNELS, height, width);
            assertClose(dx, gradient, 1e-6, "dx");
            assertEquals("avgpool(" + kernel + ", stride " + stride + ")", h.model.layers().getFirst().describe());
        }
    }

    @Test
    void backPropagatesCorrectly() {
        GradientCheckSupport.assertBackPropagatesCorrectly("average pooling alone", List.of(new AvgPool2d(2, 2)), new int[] {2, 4, 4}, 19);
    }
}
