package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.api.Test;

/** {@link Relu}: {@code y = max(x, 0)} and {@code dx = dy} where {@code x > 0}, else 0, exactly. */
class ReluTest {
    @Test
    void forwardAndBackwardMatchTheDefinitionExactly() {
        int batch = 3;
        try (LayerHarness h = new LayerHarness(new Relu(), 4, 2, 5)) {
            float[] x = LayerHarness.gaussian(new SplittableRandom(1), batch * 10, 1);
            x[3] = 0f; // not active: its gradient is 0
            float[] dy = LayerHarness.gaussian(new SplittableRandom(2), x.length, 1);
            float[] y = new float[x.length], dx = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i] > 0 ? x[i] : 0f;
                dx[i] = x[i] > 0 ? dy[i] : 0f;
            }
            Tensor out = h.forward(x, true);
            assertShape(out, batch, 2, 5);
            assertArrayEquals(y, out.toArray());
            Tensor gradient = h.backward(dy, batch, 2, 5);
            assertShape(gradient, batch, 2, 5);
            assertArrayEquals(dx, gradient.toArray());
            assertEquals("relu", h.model.layers().getFirst().describe());
        }
    }

    /**
     * Seed 17 draws no input within 0.02 of the kink. (Seed 16 drew one at 8e-5: a kink that close
     * gives half the slope at both step sizes, so the check cannot tell it from a smooth point.)
     */
    @Test
    void backPropagatesCorrectly() {
        GradientCheckSupport.assertBackPropagatesCorrectly("relu alone", List.of(new Relu()), new int[] {7}, 17);
    }
}
