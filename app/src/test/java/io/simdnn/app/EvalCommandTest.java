package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.DataLocator;
import io.simdnn.nn.data.DataSource;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.io.TorchStyleFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval}: a model written as PyTorch writes a {@code state_dict} (byte by byte, with batch
 * norm's {@code I64} {@code num_batches_tracked} and an unpadded header) and simdnn's metadata,
 * standardization included, prints the accuracy and loss computed here by hand from the same
 * weights, pixels / 255 standardized with the stored mean and deviation; {@code eval MODEL
 * --predictions FILE} on a model trained by {@code train} writes a CSV row per test sample with its
 * label, the predicted class (the most probable) and every class's probability, agreeing with the
 * accuracy eval prints; and a model file without simdnn's metadata is refused.
 */
class EvalCommandTest {
    private static final int FEATURES = 16, HIDDEN = 8, CLASSES = 10;
    private static final float MEAN = 0.3f, STD = 0.25f;

    @TempDir
    Path dir;

    private static float[] gaussian(SplittableRandom random, int count, double scale, double offset) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (offset + scale * random.nextGaussian());
        }
        return values;
    }

    @Test
    void aTorchStyleFileIsEvaluatedWithItsStoredStandardization() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 50, 60);
        SplittableRandom random = new SplittableRandom(3);
        float[] w1 = gaussian(random, HIDDEN * FEATURES, 0.6, 0), b1 = gaussian(random, HIDDEN, 0.1, 0);
        float[] gamma = gaussian(random, HIDDEN, 0.3, 1), beta = gaussian(random, HIDDEN, 0.2, 0);
        float[] mean = gaussian(random, HIDDEN, 0.5, 0), variance = gaussian(random, HIDDEN, 0.2, 1.5);
        float[] w4 = gaussian(random, CLASSES * HIDDEN, 0.7, 0), b4 = gaussian(random, CLASSES, 0.1, 0);
        for (int k = 3; k < CLASSES; k++) {
            b4[k] -= 50; // the tiny data set has labels 0, 1 and 2 only: predict those, right or wrong
        }
        TorchStyleFile torch = new TorchStyleFile()
                .metadata("architecture", "flatten,dense8,bn,relu,dense10")
                .metadata("input_shape", "1,4,4")
                .metadata("classes", "0,1,2,3,4,5,6,7,8,9")
                .metadata("standardize_mean", Float.toString(MEAN))
                .metadata("standardize_std", Float.toString(STD))
                .f32("1.weight", new int[] {HIDDEN, FEATURES}, w1).f32("1.bias", new int[] {HIDDEN}, b1)
                .f32("2.weight", new int[] {HIDDEN}, gamma).f32("2.bias", new int[] {HIDDEN}, beta)
                .f32("2.running_mean", new int[] {HIDDEN}, mean).f32("2.running_var", new int[] {HIDDEN}, variance)
                .i64("2.num_batches_tracked", new int[0], 4321)
                .f32("4.weight", new int[] {CLASSES, HIDDEN}, w4).f32("4.bias", new int[] {CLASSES}, b4);
        assertNotEquals(0, (8 + torch.header().length()) % 8, "the header leaves the data unaligned");
        Path model = torch.write(dir.resolve("torch.safetensors"));

        Dataset test = DataLocator.resolve(data).loadTest();
        int correct = 0;
        double lossSum = 0;
        for (int s = 0; s < test.count(); s++) {
            double[] hidden = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double h = b1[j];
                for (int i = 0; i < FEATURES; i++) {
                    float x = (test.features()[s * FEATURES + i] - MEAN) / STD; // as eval standardizes, in float
                    h += w1[j * FEATURES + i] * (double) x;
                }
                hidden[j] = Math.max(0, (h - mean[j]) / Math.sqrt(variance[j] + 1e-5) * gamma[j] + beta[j]);
            }
            double[] logits = new double[CLASSES];
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < CLASSES; k++) {
                logits[k] = b4[k];
                for (int j = 0; j < HIDDEN; j++) {
                    logits[k] += w4[k * HIDDEN + j] * hidden[j];
                }
                if (logits[k] > max) {
                    max = logits[k];
                    best = k;
                }
            }
            double sum = 0;
            for (double logit : logits) {
                sum += Math.exp(logit - max);
            }
            lossSum += Math.log(sum) - (logits[test.labels()[s]] - max);
            correct += best == test.labels()[s] ? 1 : 0;
        }
        assertTrue(correct > 0 && correct < test.count(), "a test that can tell predictions apart: " + correct + " correct");

        CommandLineRunner.Run eval = CommandLineRunner.run("eval", model.toString(), "--data", data.toString());
        assertEquals(0, eval.exit(), eval.err());
        Matcher m = Pattern.compile("accuracy (\\d+\\.\\d+)%, loss (\\d+\\.\\d+) \\((\\d+) samples\\)").matcher(eval.out());
        assertTrue(m.find(), eval.out());
        assertEquals(test.count(), Integer.parseInt(m.group(3)));
        assertEquals(100.0 * correct / test.count(), Double.parseDouble(m.group(1)), 0.006, eval.out());
        assertEquals(lossSum / test.count(), Double.parseDouble(m.group(2)), 1e-3, eval.out());
    }

    private Path trainedModel(Path data) throws IOException {
        CommandLineRunner.Run train = CommandLineRunner.run("train", "--data", data.toString(), "--out", dir.resolve("runs").toString(),
                "--model", "mlp", "--hidden", "16", "--epochs", "2", "--batch", "32", "--validation", "60", "--standardize",
                "--optimizer", "adam", "--lr", "0.01", "--threads", "1");
        assertEquals(0, train.exit(), train.err());
        return CommandLineRunner.onlyDirectory(dir.resolve("runs")).resolve("model.safetensors");
    }

    @Test
    void predictionsFileHasARowPerTestSampleThatAgreesWithTheAccuracy() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 300, 50);
        Path model = trainedModel(data);
        Path file = dir.resolve("out/predictions.csv");
        CommandLineRunner.Run eval = CommandLineRunner.run("eval", model.toString(), "--data", data.toString(), "--predictions",
                file.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().contains("predictions of 50 samples in " + file), eval.out());

        Dataset test = DataSource.detect(data).loadTest();
        List<String> lines = Files.readAllLines(file);
        int classes = test.classes(); // the digits' 10 names, though the generated labels use 3
        assertEquals("index,label,predicted," + String.join(",", test.classNames()), lines.getFirst());
        assertEquals(test.count() + 1, lines.size());
        int correct = 0;
        for (int i = 0; i < test.count(); i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(3 + classes, cells.length, lines.get(i + 1));
            assertEquals(Integer.toString(i), cells[0]);
            assertEquals(test.classNames().get(test.labels()[i]), cells[1], "label of sample " + i);
            int best = 0;
            float sum = 0;
            for (int c = 0; c < classes; c++) {
                float probability = Float.parseFloat(cells[3 + c]);
                sum += probability;
                best = probability > Float.parseFloat(cells[3 + best]) ? c : best;
            }
            assertEquals(1f, sum, 1e-5f);
            assertEquals(test.classNames().get(best), cells[2], "the predicted class is the most probable, sample " + i);
            correct += cells[1].equals(cells[2]) ? 1 : 0;
        }
        Matcher printed = Pattern.compile("accuracy (\\d+\\.\\d+)%").matcher(eval.out());
        assertTrue(printed.find(), eval.out());
        assertEquals(printed.group(1), String.format(Locale.ROOT, "%.2f", 100.0 * correct / test.count()));
        assertTrue(correct > 40, "a learnable task: " + correct + " of 50");
    }

    @Test
    void aFileWithoutSimdnnsMetadataIsRefusedNamingTheKey() throws IOException {
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 100, 20);
        Path model = trainedModel(data);
        Path stripped = dir.resolve("stripped.safetensors");
        Checkpoint checkpoint = Checkpoint.read(model);
        List<Safetensors.NamedTensor> tensors = checkpoint.tensors().entrySet().stream()
                .map(e -> new Safetensors.NamedTensor(e.getKey(), e.getValue().shape(), MemorySegment.ofArray(e.getValue().values())))
                .toList();
        Safetensors.writeTensors(stripped, tensors, Map.of("architecture", "mlp:16")); // the weights without the rest
        CommandLineRunner.Run eval = CommandLineRunner.run("eval", stripped.toString(), "--data", data.toString());
        assertNotEquals(0, eval.exit());
        assertTrue(eval.err().contains("metadata has no 'input_shape'"), eval.err());
    }
}
