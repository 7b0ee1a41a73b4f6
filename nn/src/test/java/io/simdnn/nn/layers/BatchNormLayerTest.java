package io.simdnn.nn.layers;

import static io.simdnn.nn.layers.LayerHarness.assertClose;
import static io.simdnn.nn.layers.LayerHarness.assertShape;
import static io.simdnn.nn.layers.LayerHarness.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import io.simdnn.nn.Model;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.TestModels;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.tensor.IntegerType;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.GradientCheckSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BatchNormLayer}: training, inference and backward passes and the running statistics
 * against the formulas in double; the running statistics move in training, are used at inference
 * and travel through checkpoints; backward needs a training pass.
 */
class BatchNormLayerTest {
    private static final double EPSILON = 1e-5;
    private static final double MOMENTUM = 0.1;

    @TempDir
    Path dir;

    /**
     * Per channel over batch and space (a 2 x 2 x 3 sample: 2 channels of 6 values) and per
     * feature (a flat sample of 4: 4 channels of 1 value); a batch of 3, below the model's 4.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void trainingInferenceAndBackwardFollowTheFormulas(boolean perChannel) {
        int[] sample = perChannel ? new int[] {2, 2, 3} : new int[] {4};
        int channels = sample[0];
        int spatial = perChannel ? 6 : 1;
        int batch = 3;
        int m = batch * spatial;
        SplittableRandom random = new SplittableRandom(perChannel ? 1 : 2);
        try (LayerHarness h = new LayerHarness(new BatchNormLayer(), 4, sample)) {
            BatchNormLayer layer = (BatchNormLayer) h.model.layers().getFirst();
            Param gamma = layer.params().get(0), beta = layer.params().get(1);
            assertEquals(List.of("0.weight", "0.bias"), List.of(gamma.name(), beta.name()));
            assertEquals(List.of("0.running_mean", "0.running_var"), List.copyOf(layer.buffers().keySet()));
            float[] ones = new float[channels], zeros = new float[channels];
            java.util.Arrays.fill(ones, 1f);
            assertArrayEquals(ones, gamma.value().toArray(), "gamma starts at 1");
            assertArrayEquals(ones, layer.buffers().get("0.running_var").toArray(), "running variance starts at 1");
            assertArrayEquals(zeros, layer.buffers().get("0.running_mean").toArray(), "running mean starts at 0");
            float[] g = gaussian(random, channels, 0.5), b = gaussian(random, channels, 0.5);
            for (int c = 0; c < channels; c++) {
                g[c] += 1;
            }
            LayerHarness.set(gamma.value(), g);
            LayerHarness.set(beta.value(), b);
            float[] x = gaussian(random, batch * channels * spatial, 2);
            for (int i = 0; i < x.length; i++) {
                x[i] += 3 + i / spatial % channels; // a mean far from 0, different per channel
            }
            float[] dy = gaussian(random, x.length, 1);

            double[] mean = new double[channels], variance = new double[channels];
            double[] y = new double[x.length], dx = new double[x.length], dgamma = new double[channels], dbeta = new double[channels];
            double[] runningMean = new double[channels], runningVar = new double[channels];
            for (int c = 0; c < channels; c++) {
                for (int n = 0; n < batch; n++) {
                    for (int s = 0; s < spatial; s++) {
                        mean[c] += x[(n * channels + c) * spatial + s];
                    }
                }
                mean[c] /= m;
                for (int n = 0; n < batch; n++) {
                    for (int s = 0; s < spatial; s++) {
                        double d = x[(n * channels + c) * spatial + s] - mean[c];
                        variance[c] += d * d;
                    }
                }
                variance[c] /= m;
                double inverse = 1 / Math.sqrt(variance[c] + EPSILON);
                for (int n = 0; n < batch; n++) {
                    for (int s = 0; s < spatial; s++) {
                        int i = (n * channels + c) * spatial + s;
                        double xhat = (x[i] - mean[c]) * inverse;
                        y[i] = g[c] * xhat + b[c];
                        dbeta[c] += dy[i];
                        dgamma[c] += dy[i] * xhat;
                    }
                }
                for (int n = 0; n < batch; n++) {
                    for (int s = 0; s < spatial; s++) {
                        int i = (n * channels + c) * spatial + s;
                        double xhat = (x[i] - mean[c]) * inverse;
                        dx[i] = g[c] * inverse * (dy[i] - dbeta[c] / m - xhat * dgamma[c] / m);
                    }
                }
                runningMean[c] = MOMENTUM * mean[c];
                runningVar[c] = (1 - MOMENTUM) + MOMENTUM * variance[c] * m / (m - 1);
            }

            int[] batched = perChannel ? new int[] {batch, 2, 2, 3} : new int[] {batch, 4};
            Tensor out = h.forward(x, true);
            assertShape(out, batched);
            assertClose(y, out, 1e-5, "training forward");
            assertClose(runningMean, layer.buffers().get("0.running_mean"), 1e-5, "running mean");
            assertClose(runningVar, layer.buffers().get("0.running_var"), 1e-5, "running variance (unbiased)");
            assertClose(dx, h.backward(dy, batched), 1e-4, "input gradient");
            assertClose(dgamma, gamma.gradient(), 1e-4, "gamma gradient");
            assertClose(dbeta, beta.gradient(), 1e-5, "beta gradient");

            // inference normalizes with the running statistics (as stored, in float)
            float[] rm = layer.buffers().get("0.running_mean").toArray(), rv = layer.buffers().get("0.running_var").toArray();
            double[] inference = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int c = i / spatial % channels;
                inference[i] = (x[i] - (double) rm[c]) / Math.sqrt(rv[c] + EPSILON) * g[c] + b[c];
            }
            assertClose(inference, h.forward(x, false), 1e-5, "inference forward");
            assertArrayEquals(rm, layer.buffers().get("0.running_mean").toArray(), "inference leaves the statistics");
        }
    }

    @Test
    void batchNormStatisticsAreCheckpointedAndInferenceReproducesAfterLoading() throws IOException {
        Path file = dir.resolve("bn.safetensors");
        try (Model trained = TestModels.model(1); Model restored = TestModels.model(2)) {
            TestModels.train(trained, 4);
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "6.weight", "6.bias",
                    "7.weight", "7.bias", "7.running_mean", "7.running_var", "9.weight", "9.bias"), List.copyOf(trained.stateDict().keySet()));
            float[] runningVar = trained.stateDict().get("7.running_var").toArray();
            assertNotEquals(1f, runningVar[0], "running variance moved in training");
            assertEquals(List.of("1.num_batches_tracked", "7.num_batches_tracked"), List.copyOf(trained.integerBuffers().keySet()));
            assertEquals(4, trained.integerBuffers().get("7.num_batches_tracked").get(0), "one per training-mode forward pass");
            Safetensors.write(file, trained.stateDict(), trained.integerBuffers(), Map.of("architecture", TestModels.SPEC));
            Checkpoint checkpoint = Checkpoint.read(file);
            assertEquals(TestModels.SPEC, ModelSpec.parse(checkpoint.metadata().get("architecture")).toString());
            assertEquals(IntegerType.I64, checkpoint.integerTensors().get("1.num_batches_tracked").type());
            checkpoint.loadInto(restored.stateDict(), restored.integerBuffers(), file);
            assertEquals(4, restored.integerBuffers().get("1.num_batches_tracked").get(0));
            Tensor input = TestModels.batch(trained, 99);
            float[] expected = trained.forward(input, false).toArray();
            assertArrayEquals(expected, restored.forward(input, false).toArray(), "inference after loading");
            // inference uses the running statistics: a batch of one gives the same row as in a batch of five
            Tensor first = input.firstRows(1);
            assertArrayEquals(java.util.Arrays.copyOf(expected, TestModels.CLASSES), restored.forward(first, false).toArray());
        }
    }

    @Test
    void batchNormNeedsATrainingPassBeforeBackward() {
        try (Model model = new Model(List.of(new Flatten(), new BatchNormLayer(), new Dense(2, Initializer.HE)), new int[] {2, 3}, 4)) {
            Tensor input = model.allocate(4, 2, 3);
            model.forward(input, false);
            assertThrows(IllegalStateException.class, () -> model.backward(model.allocate(4, 2)));
        }
    }

    @Test
    void backPropagatesCorrectlyPerChannel() {
        GradientCheckSupport.assertBackPropagatesCorrectly("batch norm alone", List.of(new BatchNormLayer()), new int[] {2, 3, 3}, 11);
    }

    @Test
    void badSettingsAndShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(1.5f, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(0.1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormLayer(Float.NaN, 1e-5f));
        String message = assertThrows(IllegalArgumentException.class,
                () -> new Model(List.of(new BatchNormLayer()), new int[0], 2)).getMessage();
        assertEquals("batch norm layer 0 needs a channel dimension, got []", message);
    }
}
