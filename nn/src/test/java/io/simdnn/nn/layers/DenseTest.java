package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertClose;
import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static io.simdnn.nn.layers.LayerHarness.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.api.Test;

/** {@link Dense}: {@code y = x W^T + b} and its gradients against plain loops, W stored [out, in]. */
class DenseTest {
    private static final int IN = 5, OUT = 4, BATCH = 3;

    private record Expected(double[] y, double[] dw, double[] db, double[] dx) {}

    private static Expected loops(float[] x, float[] w, float[] b, float[] dy) {
        double[] y = new double[BATCH * OUT], dw = new double[OUT * IN], db = new double[OUT], dx = new double[BATCH * IN];
        for (int n = 0; n < BATCH; n++) {
            for (int o = 0; o < OUT; o++) {
                y[n * OUT + o] = b[o];
                for (int i = 0; i < IN; i++) {
                    y[n * OUT + o] += (double) x[n * IN + i] * w[o * IN + i];
                    dw[o * IN + i] += (double) dy[n * OUT + o] * x[n * IN + i];
                    dx[n * IN + i] += (double) dy[n * OUT + o] * w[o * IN + i];
                }
                db[o] += dy[n * OUT + o];
            }
        }
        return new Expected(y, dw, db, dx);
    }

    @Test
    void forwardAndBackwardMatchPlainLoops() {
        SplittableRandom random = new SplittableRandom(1);
        // a C x H x W sample is read as its C*H*W values; a batch below the model's maximum
        try (LayerHarness h = new LayerHarness(new Dense(OUT, Initializer.HE), BATCH + 2, 1, 1, IN)) {
            Param weight = h.model.params().get(0), bias = h.model.params().get(1);
            assertEquals("0.weight", weight.name());
            assertEquals("0.bias", bias.name());
            assertArrayEquals(new int[] {OUT, IN}, weight.value().shape());
            assertArrayEquals(new int[] {OUT}, bias.value().shape());
            assertTrue(weight.regularized());
            assertFalse(bias.regularized());
            assertArrayEquals(new int[] {OUT}, h.model.layers().getFirst().outputShape());
            assertEquals("dense(5->4)", h.model.layers().getFirst().describe());
            float[] w = gaussian(random, OUT * IN, 1), b = gaussian(random, OUT, 1);
            float[] x = gaussian(random, BATCH * IN, 1), dy = gaussian(random, BATCH * OUT, 1);
            LayerHarness.set(weight.value(), w);
            LayerHarness.set(bias.value(), b);
            Expected expected = loops(x, w, b, dy);

            var y = h.forward(x, true);
            assertShape(y, BATCH, OUT);
            assertClose(expected.y(), y, 1e-5, "y");
            var dx = h.backward(dy, BATCH, OUT);
            assertShape(dx, BATCH, IN);
            assertClose(expected.dx(), dx, 1e-5, "dx");
            assertClose(expected.dw(), weight.gradient(), 1e-5, "dW");
            assertClose(expected.db(), bias.gradient(), 1e-5, "db");
        }
    }

    @Test
    void withoutTheInputGradientOnlyTheParametersGetGradients() {
        SplittableRandom random = new SplittableRandom(2);
        try (LayerHarness h = new LayerHarness(new Dense(OUT, Initializer.HE), BATCH, IN)) {
            h.model.initialize(random);
            h.model.setInputGradientNeeded(false);
            Param weight = h.model.params().get(0), bias = h.model.params().get(1);
            float[] b = new float[OUT];
            assertArrayEquals(b, bias.value().toArray(), "biases start at zero");
            float[] x = gaussian(random, BATCH * IN, 1), dy = gaussian(random, BATCH * OUT, 1);
            Expected expected = loops(x, weight.value().toArray(), b, dy);
            assertClose(expected.y(), h.forward(x, true), 1e-5, "y");
            assertNull(h.backward(dy, BATCH, OUT));
            assertClose(expected.dw(), weight.gradient(), 1e-5, "dW");
            assertClose(expected.db(), bias.gradient(), 1e-5, "db");
        }
    }

    @Test
    void backPropagatesCorrectly() {
        GradientCheckSupport.assertBackPropagatesCorrectly("dense alone", List.of(new Dense(3, Initializer.XAVIER)), new int[] {5}, 14);
    }

    @Test
    void atLeastOneOutput() {
        assertThrows(IllegalArgumentException.class, () -> new Dense(0, Initializer.HE));
    }
}
