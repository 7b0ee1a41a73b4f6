package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.tensor.Tensor;

/**
 * Test support: {@link GradientCheck} with its default settings on a small model (batch 4,
 * Gaussian input, random labels, L2 0.01 in the loss, the unregularized parameters jittered away
 * from their symmetric starting values), for {@code GradientCheckTest} and the tests of each layer.
 */
public final class GradientCheckSupport {
    private GradientCheckSupport() {}

    /** The report of a gradient check of {@code layers} on samples of {@code sampleShape}, drawn from {@code seed}. */
    public static GradientCheck.Report check(List<Layer> layers, int[] sampleShape, long seed) {
        int batch = 4;
        SplittableRandom random = new SplittableRandom(seed);
        try (Model model = new Model(layers, sampleShape, batch)) {
            model.initialize(random);
            GradientCheck.jitterUnregularized(model, random);
            int[] batched = new int[sampleShape.length + 1];
            batched[0] = batch;
            System.arraycopy(sampleShape, 0, batched, 1, sampleShape.length);
            Tensor input = model.allocate(batched);
            for (long i = 0; i < input.size(); i++) {
                Buffers.set(input.data(), i, (float) random.nextGaussian());
            }
            int[] labels = random.ints(batch, 0, model.classes()).toArray();
            float[] before = input.toArray();
            GradientCheck.Report report = GradientCheck.check(model, input, labels, new SoftmaxCrossEntropyLoss(0.01f),
                    GradientCheck.Settings.defaults());
            assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(input.toArray()), "input restored");
            return report;
        }
    }

    /**
     * Asserts that {@code layers} back-propagate correctly: every parameter and the input pass the
     * check, at most a tenth of the elements are skipped as kinks, and the input is checked last.
     */
    public static void assertBackPropagatesCorrectly(String what, List<Layer> layers, int[] sampleShape, long seed) {
        GradientCheck.Report report = check(layers, sampleShape, seed);
        assertTrue(report.passed(), what + "\n" + report.table());
        int checked = report.tensors().stream().mapToInt(GradientCheck.TensorResult::checked).sum();
        int kinks = report.tensors().stream().mapToInt(GradientCheck.TensorResult::kinks).sum();
        assertTrue(kinks * 10 <= checked, "too many elements skipped as kinks: " + kinks + " of " + (checked + kinks));
        assertEquals("input", report.tensors().getLast().name());
    }
}
