package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertClose;
import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static io.simdnn.nn.layers.LayerHarness.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.nn.Model;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Conv2dLayer}: the convolution and its three gradients against the direct seven-loop
 * definition (zero padding, stride, dilation) on a non-square input, weight [F, C, K, K].
 */
class Conv2dLayerTest {
    private static final int BATCH = 2, CHANNELS = 2, HEIGHT = 5, WIDTH = 6;

    @ParameterizedTest(name = "{0} filters, kernel {1}, stride {2}, padding {3}, dilation {4}")
    @CsvSource({"3, 3, 1, 1, 1", "2, 2, 2, 0, 1", "2, 3, 2, 2, 2", "1, 1, 1, 0, 1"})
    void forwardAndBackwardMatchTheDirectConvolution(int filters, int kernel, int stride, int padding, int dilation) {
        int outH = (HEIGHT + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        int outW = (WIDTH + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
        SplittableRandom random = new SplittableRandom(filters * 1000 + kernel * 100 + stride * 10 + padding + dilation);
        try (LayerHarness h = new LayerHarness(new Conv2dLayer(filters, kernel, stride, padding, dilation, Initializer.HE), BATCH + 1,
                CHANNELS, HEIGHT, WIDTH)) {
            Layer layer = h.model.layers().getFirst();
            assertArrayEquals(new int[] {filters, outH, outW}, layer.outputShape());
            Param weight = h.model.params().get(0), bias = h.model.params().get(1);
            assertArrayEquals(new int[] {filters, CHANNELS, kernel, kernel}, weight.value().shape());
            assertArrayEquals(new int[] {filters}, bias.value().shape());
            float[] w = gaussian(random, filters * CHANNELS * kernel * kernel, 1), b = gaussian(random, filters, 1);
            float[] x = gaussian(random, BATCH * CHANNELS * HEIGHT * WIDTH, 1), dy = gaussian(random, BATCH * filters * outH * outW, 1);
            LayerHarness.set(weight.value(), w);
            LayerHarness.set(bias.value(), b);

            double[] y = new double[dy.length], dw = new double[w.length], db = new double[filters], dx = new double[x.length];
            for (int n = 0; n < BATCH; n++) {
                for (int f = 0; f < filters; f++) {
                    for (int oh = 0; oh < outH; oh++) {
                        for (int ow = 0; ow < outW; ow++) {
                            int o = ((n * filters + f) * outH + oh) * outW + ow;
                            y[o] = b[f];
                            db[f] += dy[o];
                            for (int c = 0; c < CHANNELS; c++) {
                                for (int kh = 0; kh < kernel; kh++) {
                                    for (int kw = 0; kw < kernel; kw++) {
                                        int ih = oh * stride - padding + kh * dilation, iw = ow * stride - padding + kw * dilation;
                                        if (ih < 0 || ih >= HEIGHT || iw < 0 || iw >= WIDTH) {
                                            continue; // zero padding
                                        }
                                        int i = ((n * CHANNELS + c) * HEIGHT + ih) * WIDTH + iw;
                                        int k = ((f * CHANNELS + c) * kernel + kh) * kernel + kw;
                                        y[o] += (double) w[k] * x[i];
                                        dw[k] += (double) dy[o] * x[i];
                                        dx[i] += (double) dy[o] * w[k];
                                    }
                                }
                            }
                        }
                    }
                }
            }

            var out = h.forward(x, true);
            assertShape(out, BATCH, filters, outH, outW);
            assertClose(y, out, 1e-5, "y");
            var gradient = h.backward(dy, BATCH, filters, outH, outW);
            assertShape(gradient, BATCH, CHANNELS, HEIGHT, WIDTH);
            assertClose(dx, gradient, 1e-5, "dx");
            assertClose(dw, weight.gradient(), 1e-5, "dW");
            assertClose(db, bias.gradient(), 1e-5, "db");

            // without the input gradient: the parameter gradients alone, the same
            h.model.setInputGradientNeeded(false);
            h.forward(x, true);
            assertNull(h.backward(dy, BATCH, filters, outH, outW));
            assertClose(dw, weight.gradient(), 1e-5, "dW without dx");
        }
    }

    @Test
    void backPropagatesCorrectly() {
        GradientCheckSupport.assertBackPropagatesCorrectly("strided, padded convolution alone",
                List.of(new Conv2dLayer(2, 3, 2, 1, Initializer.XAVIER)), new int[] {2, 5, 5}, 15);
    }

    @Test
    void describesItselfAndRefusesBadSettingsAndFlatInput() {
        try (Model model = new Model(List.of(new Conv2dLayer(4, 3, 2, 2, 2, Initializer.HE)), new int[] {3, 8, 8}, 1)) {
            assertEquals("conv(3->4, 3x3, stride 2, pad 2, dilation 2)", model.layers().getFirst().describe());
        }
        assertThrows(IllegalArgumentException.class, () -> new Conv2dLayer(0, 3, 1, 1, Initializer.HE));
        assertThrows(IllegalArgumentException.class, () -> new Conv2dLayer(1, 3, 0, 1, Initializer.HE));
        assertThrows(IllegalArgumentException.class, () -> new Conv2dLayer(1, 3, 1, -1, Initializer.HE));
        assertThrows(IllegalArgumentException.class, () -> new Conv2dLayer(1, 3, 1, 1, 0, Initializer.HE));
        String message = assertThrows(IllegalArgumentException.class,
                () -> new Model(List.of(new Conv2dLayer(1, 3, 1, 1, Initializer.HE)), new int[] {12}, 1)).getMessage();
        assertTrue(message.contains("conv layer 0 needs C x H x W input, got [12]"), message);
    }
}
