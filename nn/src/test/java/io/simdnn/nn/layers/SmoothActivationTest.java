package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertClose;
import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** {@link SmoothActivation}: tanh, sigmoid and 1.7159 tanh(2x/3) and their derivatives, computed from x in double. */
class SmoothActivationTest {
    private static double value(SmoothFunction f, double x) {
        return switch (f) {
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SCALED_TANH -> 1.7159 * Math.tanh(2 * x / 3);
        };
    }

    private static double derivative(SmoothFunction f, double x) {
        return switch (f) {
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case SIGMOID -> value(f, x) * (1 - value(f, x));
            case SCALED_TANH -> 1.7159 * 2 / 3 * (1 - Math.tanh(2 * x / 3) * Math.tanh(2 * x / 3));
        };
    }

    @ParameterizedTest
    @EnumSource(SmoothFunction.class)
    void forwardAndBackwardMatchTheFunctionAndItsDerivative(SmoothFunction function) {
        int batch = 3;
        try (LayerHarness h = new LayerHarness(new SmoothActivation(function), 4, 3, 7)) {
            float[] x = LayerHarness.gaussian(new SplittableRandom(1), batch * 21, 2);
            float[] dy = LayerHarness.gaussian(new SplittableRandom(2), x.length, 1);
            double[] y = new double[x.length], dx = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = value(function, x[i]);
                dx[i] = dy[i] * derivative(function, x[i]);
            }
            Tensor out = h.forward(x, true);
            assertShape(out, batch, 3, 7);
            assertClose(y, out, 1e-6, "y");
            Tensor gradient = h.backward(dy, batch, 3, 7);
            assertShape(gradient, batch, 3, 7);
            // the layer takes the derivative from its float output: a few float roundings
            assertClose(dx, gradient, 1e-5, "dx");
        }
    }

    @ParameterizedTest
    @EnumSource(SmoothFunction.class)
    void backPropagatesCorrectly(SmoothFunction function) {
        GradientCheckSupport.assertBackPropagatesCorrectly(function + " alone", List.of(new SmoothActivation(function)),
                new int[] {6}, 17);
    }

    @Test
    void factoriesNameTheirFunction() {
        assertEquals("tanh", SmoothActivation.tanh().describe());
        assertEquals("sigmoid", SmoothActivation.sigmoid().describe());
        assertEquals("scaledtanh", SmoothActivation.scaledTanh().describe());
        assertThrows(NullPointerException.class, () -> new SmoothActivation(null));
    }
}
