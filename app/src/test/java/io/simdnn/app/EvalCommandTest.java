package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.simdnn.nn.data.DataSource;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval MODEL --predictions FILE} on a model trained by {@code train}: a CSV row per test
 * sample with its label, the predicted class (the most probable) and every class's probability,
 * agreeing with the accuracy eval prints; and a model file without simdnn's metadata is refused.
 */
class EvalCommandTest {
    @TempDir
    Path dir;

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
