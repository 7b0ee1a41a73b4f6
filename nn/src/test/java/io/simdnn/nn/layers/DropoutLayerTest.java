package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static io.simdnn.nn.layers.LayerHarness.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.nn.Model;
import io.simdnn.nn.TestModels;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link DropoutLayer}: in training each value is zeroed or scaled by 1 / (1 - rate), and the
 * backward pass applies the same mask; a new mask after each backward pass, the first again after
 * {@code setTrainingStep(0)}; off at inference and at rate 0; reproducible from the model seed.
 */
class DropoutLayerTest {
    @Test
    void trainingZeroesOrScalesAndBackwardAppliesTheSameMask() {
        float rate = 0.25f;
        float scale = (float) (1 / (1 - (double) rate));
        int batch = 3;
        try (LayerHarness h = new LayerHarness(new DropoutLayer(rate), 4, 2, 20)) {
            h.model.initialize(new SplittableRandom(5));
            SplittableRandom random = new SplittableRandom(6);
            float[] x = gaussian(random, batch * 40, 1);
            float[] dy = gaussian(random, x.length, 1);
            for (int i = 0; i < x.length; i++) {
                x[i] += x[i] >= 0 ? 0.1f : -0.1f; // no zeros: a zero output means a dropped value
            }
            Tensor out = h.forward(x, true);
            assertShape(out, batch, 2, 20);
            float[] y = out.toArray();
            boolean[] kept = new boolean[x.length];
            int dropped = 0;
            for (int i = 0; i < x.length; i++) {
                kept[i] = y[i] != 0;
                if (kept[i]) {
                    assertEquals(x[i] * scale, y[i], "kept value " + i + " is scaled");
                } else {
                    dropped++;
                }
            }
            // 120 values at rate 0.25: 30 expected, 4.7 the deviation
            assertTrue(dropped >= 15 && dropped <= 45, dropped + " of " + x.length + " dropped");
            assertArrayEquals(y, h.forward(x, true).toArray(), "forward passes before a backward pass use one mask");

            float[] dx = h.backward(dy, batch, 2, 20).toArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(dy[i] * (kept[i] ? scale : 0f), dx[i], "input gradient " + i); // a dropped negative gives -0
            }

            float[] next = h.forward(x, true).toArray();
            assertNotEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(next), "a backward pass moves to the next mask");
            h.model.setTrainingStep(0);
            assertArrayEquals(y, h.forward(x, true).toArray(), "step 0 again: its mask again");
        }
    }

    @Test
    void inferenceAndRateZeroPassTheTensorsThrough() {
        try (LayerHarness off = new LayerHarness(new DropoutLayer(0.5f), 2, 3); LayerHarness zero = new LayerHarness(new DropoutLayer(0f), 2, 3)) {
            off.model.initialize(new SplittableRandom(1));
            zero.model.initialize(new SplittableRandom(1));
            Tensor input = off.input(new float[] {1, 2, 3, 4, 5, 6});
            assertSame(input, off.model.forward(input, false));
            Tensor gradient = off.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertSame(gradient, off.model.backward(gradient));
            Tensor other = zero.input(new float[] {1, 2, 3, 4, 5, 6});
            assertSame(other, zero.model.forward(other, true));
            assertSame(other, zero.model.backward(other));
        }
    }

    @Test
    void dropoutIsOffAtInferenceAndTheSameSeedGivesTheSameRun() {
        try (Model a = TestModels.model(7); Model b = TestModels.model(7); Model c = TestModels.model(8)) {
            float[][] first = TestModels.train(a, 3), second = TestModels.train(b, 3), other = TestModels.train(c, 3);
            for (int i = 0; i < first.length; i++) {
                assertArrayEquals(first[i], second[i], "tensor " + i);
            }
            assertNotEquals(java.util.Arrays.toString(first[0]), java.util.Arrays.toString(other[0]));
            Tensor input = TestModels.batch(a, 5);
            assertArrayEquals(a.forward(input, false).toArray(), a.forward(input, false).toArray());
            DropoutLayer dropout = (DropoutLayer) a.layers().get(5);
            Tensor flat = a.allocate(TestModels.BATCH, 36);
            assertSame(flat, dropout.forward(flat, false), "inference passes the input through");
        }
    }

    @Test
    void backPropagatesCorrectly() {
        GradientCheckSupport.assertBackPropagatesCorrectly("dropout alone", List.of(new DropoutLayer(0.5f)), new int[] {8}, 12);
    }

    @Test
    void ratesOutsideZeroToOneAreRefused() {
        assertEquals(0.3f, new DropoutLayer(0.3f).rate());
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer(1f));
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new DropoutLayer(Float.NaN));
    }
}
