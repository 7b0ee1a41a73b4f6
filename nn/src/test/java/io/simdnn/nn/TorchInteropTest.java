package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.io.TorchStyleFile;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.tensor.IntegerType;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files as PyTorch writes them, put together byte by byte: a {@code state_dict} with batch norm
 * (and so an {@code I64} {@code num_batches_tracked}) and an unpadded header loads through the
 * path {@code eval} takes, gives the logits computed here by hand, and saves back unchanged; the
 * {@code mlp} preset's names are those of {@code nn.Sequential(nn.Flatten(), ...)}.
 */
class TorchInteropTest {
    private static final int[] SAMPLE = {1, 2, 2};
    private static final double EPSILON = 1e-5; // BatchNorm1d's default eps

    // nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2))
    private static final float[] W1 = {0.5f, -0.25f, 0.75f, 0.1f, -0.6f, 0.3f, 0.2f, -0.45f, 0.05f, 0.9f, -0.35f, 0.4f};
    private static final float[] B1 = {0.1f, -0.2f, 0.05f};
    private static final float[] GAMMA = {1.5f, 0.8f, -1.1f};
    private static final float[] BETA = {0.2f, -0.1f, 0.3f};
    private static final float[] RUNNING_MEAN = {0.3f, -0.15f, 0.25f};
    private static final float[] RUNNING_VAR = {0.6f, 1.7f, 0.35f};
    private static final long BATCHES_TRACKED = 937;
    private static final float[] W4 = {0.7f, -0.3f, 0.45f, -0.8f, 0.6f, 0.15f};
    private static final float[] B4 = {-0.05f, 0.12f};
    private static final float[][] INPUTS = {{0.9f, 0.1f, 0.4f, 0.7f}, {0.0f, 0.8f, 0.3f, 0.2f}, {1f, 1f, 0f, 0.5f}};

    @TempDir
    Path dir;

    /** The batch-norm model as PyTorch would save it, with simdnn's metadata. */
    static TorchStyleFile batchNormFile() {
        return new TorchStyleFile()
                .metadata("architecture", "flatten,dense3,bn,relu,dense2")
                .metadata("input_shape", "1,2,2")
                .metadata("classes", "no,yes")
                .f32("1.weight", new int[] {3, 4}, W1).f32("1.bias", new int[] {3}, B1)
                .f32("2.weight", new int[] {3}, GAMMA).f32("2.bias", new int[] {3}, BETA)
                .f32("2.running_mean", new int[] {3}, RUNNING_MEAN).f32("2.running_var", new int[] {3}, RUNNING_VAR)
                .i64("2.num_batches_tracked", new int[0], BATCHES_TRACKED)
                .f32("4.weight", new int[] {2, 3}, W4).f32("4.bias", new int[] {2}, B4);
    }

    /** The model's logits in evaluation mode, computed in double from the formulas. */
    private static double[] expectedLogits(float[] x) {
        double[] hidden = new double[3];
        for (int j = 0; j < 3; j++) {
            double h = B1[j];
            for (int i = 0; i < 4; i++) {
                h += W1[j * 4 + i] * (double) x[i];
            }
            double normalized = (h - RUNNING_MEAN[j]) / Math.sqrt(RUNNING_VAR[j] + EPSILON) * GAMMA[j] + BETA[j];
            hidden[j] = Math.max(0, normalized);
        }
        double[] logits = new double[2];
        for (int k = 0; k < 2; k++) {
            logits[k] = B4[k];
            for (int j = 0; j < 3; j++) {
                logits[k] += W4[k * 3 + j] * hidden[j];
            }
        }
        return logits;
    }

    private static Tensor batch(Model model) {
        Tensor input = model.allocate(INPUTS.length, SAMPLE[0], SAMPLE[1], SAMPLE[2]);
        for (int s = 0; s < INPUTS.length; s++) {
            for (int i = 0; i < 4; i++) {
                Buffers.set(input.data(), s * 4L + i, INPUTS[s][i]);
            }
        }
        return input;
    }

    /** What {@code eval} does with a file: read it, rebuild the model from its metadata, load the tensors. */
    private static Model load(Path file, Checkpoint checkpoint) throws IOException {
        ModelSpec spec = ModelSpec.parse(checkpoint.metadata().get("architecture"));
        int classes = checkpoint.metadata().get("classes").split(",").length;
        Model model = new Model(spec.layers(classes, Initializer.HE), SAMPLE, INPUTS.length);
        spec.withCurrentTensorNames(checkpoint).loadInto(model.stateDict(), model.integerBuffers(), file);
        return model;
    }

    @Test
    void aTorchStateDictWithBatchNormLoadsGivesTheLogitsByHandAndSavesBackUnchanged() throws IOException {
        TorchStyleFile torch = batchNormFile();
        int headerLength = torch.header().length();
        assertNotEquals(0, (8 + headerLength) % 8, "the test needs a header that leaves the data unaligned");
        Path file = torch.write(dir.resolve("torch.safetensors"));

        Checkpoint checkpoint = Checkpoint.read(file);
        assertEquals(IntegerType.I64, checkpoint.integerTensors().get("2.num_batches_tracked").type());
        try (Model model = load(file, checkpoint)) {
            assertEquals(BATCHES_TRACKED, model.integerBuffers().get("2.num_batches_tracked").get(0));
            float[] logits = model.forward(batch(model), false).toArray();
            for (int s = 0; s < INPUTS.length; s++) {
                double[] expected = expectedLogits(INPUTS[s]);
                for (int k = 0; k < 2; k++) {
                    assertEquals(expected[k], logits[s * 2 + k], 1e-5, "sample " + s + ", logit " + k);
                }
            }

            // saved by simdnn: the same tensors under the same names and types, the counter included
            Path saved = dir.resolve("saved.safetensors");
            Safetensors.write(saved, model.stateDict(), model.integerBuffers(), checkpoint.metadata());
            Checkpoint again = Checkpoint.read(saved);
            assertEquals(names(checkpoint), names(again));
            for (String name : checkpoint.tensors().keySet()) {
                assertArrayEquals(checkpoint.tensors().get(name).values(), again.tensors().get(name).values(), name);
                assertArrayEquals(checkpoint.tensors().get(name).shape(), again.tensors().get(name).shape(), name);
            }
            Checkpoint.IntegerTensor counter = again.integerTensors().get("2.num_batches_tracked");
            assertEquals(IntegerType.I64, counter.type());
            assertArrayEquals(new int[0], counter.shape());
            assertArrayEquals(new long[] {BATCHES_TRACKED}, counter.values());
            assertEquals(checkpoint.metadata(), again.metadata());
        }
    }

    private static Set<String> names(Checkpoint checkpoint) {
        Set<String> names = new HashSet<>(checkpoint.tensors().keySet());
        names.addAll(checkpoint.integerTensors().keySet());
        return names;
    }

    @Test
    void theMlpPresetHasTheTensorNamesOfSequentialWithFlatten() throws IOException {
        // nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)): 1.weight, 1.bias, 3.weight, 3.bias
        Path file = new TorchStyleFile()
                .metadata("architecture", "mlp:3").metadata("classes", "no,yes")
                .f32("1.weight", new int[] {3, 4}, W1).f32("1.bias", new int[] {3}, B1)
                .f32("3.weight", new int[] {2, 3}, W4).f32("3.bias", new int[] {2}, B4)
                .write(dir.resolve("mlp.safetensors"));
        try (Model model = load(file, Checkpoint.read(file))) {
            assertEquals(List.of("1.weight", "1.bias", "3.weight", "3.bias"), List.copyOf(model.stateDict().keySet()));
            float[] logits = model.forward(batch(model), false).toArray();
            for (int s = 0; s < INPUTS.length; s++) {
                for (int k = 0; k < 2; k++) {
                    double expected = B4[k];
                    for (int j = 0; j < 3; j++) {
                        double h = B1[j];
                        for (int i = 0; i < 4; i++) {
                            h += W1[j * 4 + i] * (double) INPUTS[s][i];
                        }
                        expected += W4[k * 3 + j] * Math.max(0, h);
                    }
                    assertEquals(expected, logits[s * 2 + k], 1e-5, "sample " + s + ", logit " + k);
                }
            }
        }
    }
}
