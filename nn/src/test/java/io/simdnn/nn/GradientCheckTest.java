package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.kernels.Buffers;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.Relu;
import io.simdnn.nn.train.Initializer;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Back-propagation through Dense and ReLU layers and the fused loss, against central differences
 * of the loss: for every parameter element, (L(w + h) - L(w - h)) / 2h. Float arithmetic limits
 * the difference quotient to about 1e-7 / h of noise, so h = 1e-2 and a tolerance of 2e-3
 * (relative to max(1, |gradient|)) separate rounding from a wrong gradient, which is off by O(1).
 */
class GradientCheckTest {
    @Test
    void denseReluNetworkGradientsMatchCentralDifferences() {
        int batch = 4, features = 6, classes = 3;
        SplittableRandom random = new SplittableRandom(11);
        try (Model model = new Model(List.of(new Dense(5, Initializer.XAVIER), new Relu(), new Dense(classes, Initializer.XAVIER)),
                new int[] {features}, batch)) {
            model.initialize(random);
            // non-zero biases, so their gradients are checked at a generic point too
            for (Param param : model.params()) {
                if (!param.regularized()) {
                    for (long i = 0; i < param.value().size(); i++) {
                        Buffers.set(param.value().data(), i, (float) (random.nextDouble() - 0.5) * 0.2f);
                    }
                }
            }
            Tensor input = model.allocate(batch, features);
            for (long i = 0; i < input.size(); i++) {
                Buffers.set(input.data(), i, (float) (random.nextDouble() * 2 - 1));
            }
            int[] labels = {0, 2, 1, 2};
            SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss(0f);
            Tensor grad = model.allocate(batch, classes);
            loss.dataLossAndGradient(model.forward(input, true), labels, 0, grad);
            model.backward(grad);

            float h = 1e-2f;
            int checked = 0;
            for (Param param : model.params()) {
                float[] analytic = param.gradient().toArray();
                for (int i = 0; i < analytic.length; i++) {
                    float original = Buffers.get(param.value().data(), i);
                    Buffers.set(param.value().data(), i, original + h);
                    double plus = loss.dataLossAndGradient(model.forward(input, false), labels, 0, grad);
                    Buffers.set(param.value().data(), i, original - h);
                    double minus = loss.dataLossAndGradient(model.forward(input, false), labels, 0, grad);
                    Buffers.set(param.value().data(), i, original);
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, analytic[i], 2e-3 * Math.max(1, Math.abs(numeric)),
                            param.name() + "[" + i + "]: analytic " + analytic[i] + ", numeric " + numeric);
                    checked++;
                }
            }
            assertEquals(6 * 5 + 5 + 5 * 3 + 3, checked);
        }
    }

    @Test
    void inputGradientOfDenseMatchesCentralDifferences() {
        int batch = 3, features = 4;
        SplittableRandom random = new SplittableRandom(3);
        try (Model model = new Model(List.of(new Dense(3, Initializer.HE)), new int[] {features}, batch)) {
            model.initialize(random);
            Tensor input = model.allocate(batch, features);
            for (long i = 0; i < input.size(); i++) {
                Buffers.set(input.data(), i, (float) random.nextGaussian());
            }
            int[] labels = {1, 0, 2};
            SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss(0f);
            Tensor grad = model.allocate(batch, 3);
            loss.dataLossAndGradient(model.forward(input, true), labels, 0, grad);
            model.layers().getFirst().setInputGradientNeeded(true); // a first layer skips it by default
            Tensor inputGradient = model.layers().getFirst().backward(grad);
            float[] analytic = inputGradient.toArray();
            float h = 1e-2f;
            for (int i = 0; i < analytic.length; i++) {
                float original = Buffers.get(input.data(), i);
                Buffers.set(input.data(), i, original + h);
                double plus = loss.dataLossAndGradient(model.forward(input, false), labels, 0, grad);
                Buffers.set(input.data(), i, original - h);
                double minus = loss.dataLossAndGradient(model.forward(input, false), labels, 0, grad);
                Buffers.set(input.data(), i, original);
                double numeric = (plus - minus) / (2 * h);
                assertTrue(Math.abs(numeric - analytic[i]) <= 2e-3 * Math.max(1, Math.abs(numeric)),
                        "dX[" + i + "]: analytic " + analytic[i] + ", numeric " + numeric);
            }
        }
    }
}
