package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.simdnn.nn.Model;
import io.simdnn.nn.Prediction;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.Cifar10Format;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import io.simdnn.nn.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./simdnn predict} on a small trained model (1 x 4 x 4 images, 3 classes, standardized
 * inputs) and a 3 x 32 x 32 one: image files written here with {@code javax.imageio}, IDX and
 * CIFAR-10 files and directories give exactly the probabilities the model gives the same pixels
 * through the Java API; bad inputs fail with one line and a non-zero exit, printing nothing else.
 */
class PredictCommandTest {
    private static final int SIDE = 4;
    private static final Dataset TRAIN = TinyData.learnable("train", 300, SIDE, 3, 1);
    private static final Dataset TEST = TinyData.learnable("test", 6, SIDE, 3, 2);

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A model of TRAIN's shape, trained for a few epochs, saved in {@code dir}. */
    private Path trainedModel() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (Model model = Model.builder("mlp:16").forData(TRAIN).standardization(ChannelStandardization.fit(TRAIN)).seed(1)
                .maxBatch(32).build()) {
            new Trainer(model, new SoftmaxCrossEntropyLoss(0f), new SgdMomentum(0.05f, 0.9f, 1f, 0f), new Trainer.Settings(3, 32, 1, 0))
                    .fit(TRAIN, TEST, new Trainer.Listener() {});
            model.save(file);
        }
        return file;
    }

    private static float[] sample(Dataset data, int index) {
        int size = data.sampleSize();
        return Arrays.copyOfRange(data.features(), index * size, (index + 1) * size);
    }

    /** What the saved model says about each sample, through the Java API. */
    private static List<Prediction> expected(Path model, float[]... samples) throws IOException {
        List<Prediction> predictions = new ArrayList<>();
        try (Model loaded = Model.load(model)) {
            for (float[] sample : samples) {
                predictions.add(loaded.predict(sample));
            }
        }
        return predictions;
    }

    /** The CSV rows of {@code predict --format csv --top 3}, checked to be one input per three rows. */
    private static List<String[]> csv(CommandLineRunner.Run run) {
        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("input,rank,class,index,probability", lines.getFirst());
        return lines.subList(1, lines.size()).stream().map(line -> line.split(",")).toList();
    }

    /** Each input's three rows hold the expected classes and probabilities, most probable first. */
    private static void assertRows(List<String[]> rows, List<String> names, List<Prediction> predictions) {
        assertEquals(3 * names.size(), rows.size());
        for (int i = 0; i < names.size(); i++) {
            List<Prediction.ClassProbability> top = predictions.get(i).top(3);
            for (int rank = 0; rank < 3; rank++) {
                String[] row = rows.get(3 * i + rank);
                assertEquals(names.get(i), row[0]);
                assertEquals(Integer.toString(rank + 1), row[1]);
                assertEquals(top.get(rank).className(), row[2], names.get(i));
                assertEquals(Float.toString(top.get(rank).probability()), row[4], names.get(i) + " rank " + (rank + 1));
            }
        }
    }

    @Test
    void pngFilesGetTheModelsPredictionOfTheirPixels() throws IOException {
        Path model = trainedModel();
        Path first = dir.resolve("first.png");
        Path second = dir.resolve("second.png");
        // two samples of different classes, so that a mix-up of inputs would show
        int other = 1;
        while (TEST.labels()[other] == TEST.labels()[0]) {
            other++;
        }
        float[] a = TestImages.grey(first, sample(TEST, 0), SIDE, SIDE, "png");
        float[] b = TestImages.grey(second, sample(TEST, other), SIDE, SIDE, "png");
        List<Prediction> expected = expected(model, a, b);
        assertEquals(TEST.labels()[0], expected.getFirst().predicted(), "a trained model");
        assertEquals(TEST.labels()[other], expected.get(1).predicted(), "a trained model");
        assertRows(csv(CommandLineRunner.run("predict", model.toString(), first.toString(), second.toString(), "--format", "csv")),
                List.of(first.toString(), second.toString()), expected);

        CommandLineRunner.Run text = CommandLineRunner.run("predict", model.toString(), first.toString(), "--top", "2");
        assertEquals(0, text.exit(), text.err());
        List<Prediction.ClassProbability> top = expected.getFirst().top(2);
        assertEquals(String.format(java.util.Locale.ROOT, "%s: %s %.2f%%, %s %.2f%%%n", first, top.get(0).className(),
                100 * top.get(0).probability(), top.get(1).className(), 100 * top.get(1).probability()), text.out());
    }

    @Test
    void anIdxFileAndADirectoryGiveALinePerSampleInOrder() throws IOException {
        Path model = trainedModel();
        byte[] pixels = new byte[3 * SIDE * SIDE];
        float[][] samples = new float[3][SIDE * SIDE];
        for (int s = 0; s < 3; s++) {
            float[] values = sample(TEST, s + 2);
            for (int i = 0; i < values.length; i++) {
                pixels[s * SIDE * SIDE + i] = (byte) Math.round(values[i] * 255);
                samples[s][i] = (pixels[s * SIDE * SIDE + i] & 0xff) / 255f;
            }
        }
        Path inputs = Files.createDirectories(dir.resolve("inputs"));
        Path idx = TinyData.write(inputs.resolve("t10k-images-idx3-ubyte.gz"), TinyData.idx(8, new int[] {3, SIDE, SIDE}, pixels), true);
        float[] b = TestImages.grey(inputs.resolve("b.png"), sample(TEST, 1), SIDE, SIDE, "png");
        float[] a = TestImages.grey(inputs.resolve("a.png"), sample(TEST, 0), SIDE, SIDE, "png");
        Files.writeString(inputs.resolve("notes.txt"), "not an input: skipped in a directory\n");
        List<Prediction> expected = expected(model, samples[0], samples[1], samples[2], a, b, samples[0], samples[1], samples[2]);
        List<String> names = new ArrayList<>(List.of(idx + "#0", idx + "#1", idx + "#2"));
        names.addAll(List.of(inputs.resolve("a.png").toString(), inputs.resolve("b.png").toString(),
                inputs.resolve("t10k-images-idx3-ubyte.gz") + "#0", inputs.resolve("t10k-images-idx3-ubyte.gz") + "#1",
                inputs.resolve("t10k-images-idx3-ubyte.gz") + "#2"));
        assertRows(csv(CommandLineRunner.run("predict", model.toString(), idx.toString(), inputs.toString(), "--format", "csv")),
                names, expected);
    }

    @Test
    void colourImagesBecomeGreyAndImagesOfAnotherSizeAreScaled() throws IOException {
        Path model = trainedModel();
        float[] plane = sample(TEST, 0);
        float[] shifted = new float[plane.length];
        for (int i = 0; i < plane.length; i++) {
            shifted[i] = Math.min(1f, plane[i] + 0.2f);
        }
        // red, green and blue differ: the model sees their BT.601 luma
        float[] colour = TestImages.rgb(dir.resolve("colour.png"), plane, shifted, new float[plane.length], SIDE, SIDE);
        float[] luma = new float[plane.length];
        for (int i = 0; i < plane.length; i++) {
            float r = Math.round(colour[i] * 255), g = Math.round(colour[plane.length + i] * 255);
            luma[i] = (0.299f * r + 0.587f * g + 0.114f * 0) / 255f;
        }
        // 8 x 8 with every pixel doubled: area averaging gives the 4 x 4 pixels back exactly
        float[] grey = TestImages.grey(dir.resolve("big.png"), TestImages.enlarge(plane, SIDE, SIDE, 2), 2 * SIDE, 2 * SIDE, "png");
        float[] small = new float[plane.length];
        for (int i = 0; i < plane.length; i++) {
            small[i] = grey[(i / SIDE) * 2 * 2 * SIDE + (i % SIDE) * 2];
        }
        assertRows(csv(CommandLineRunner.run("predict", model.toString(), dir.resolve("colour.png").toString(),
                dir.resolve("big.png").toString(), "--format", "csv")),
                List.of(dir.resolve("colour.png").toString(), dir.resolve("big.png").toString()), expected(model, luma, small));
    }

    @Test
    void aThreeChannelModelTakesRgbAndGreyImagesAndCifarBatches() throws IOException {
        Path model = dir.resolve("cifar.safetensors");
        try (Model untrained = Model.builder("mlp:8").inputShape(3, 32, 32).classes(Cifar10Format.CLASSES).seed(3).build()) {
            untrained.save(model);
        }
        Path batch = dir.resolve("test_batch.bin");
        Files.write(batch, TinyData.cifarRecords(3, 5));
        Dataset records = Cifar10Format.read("records", List.of(batch));
        float[] record = sample(records, 1);
        int plane = 32 * 32;
        float[] rgb = TestImages.rgb(dir.resolve("rgb.png"), Arrays.copyOfRange(record, 0, plane),
                Arrays.copyOfRange(record, plane, 2 * plane), Arrays.copyOfRange(record, 2 * plane, 3 * plane), 32, 32);
        assertArrayEquals(record, rgb, "8-bit pixels survive the PNG");
        float[] grey = TestImages.grey(dir.resolve("grey.png"), Arrays.copyOfRange(record, plane, 2 * plane), 32, 32, "png");
        float[] repeated = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(grey, 0, repeated, c * plane, plane);
        }
        List<String> names = List.of(batch + "#0", batch + "#1", dir.resolve("rgb.png").toString(), dir.resolve("grey.png").toString());
        assertRows(csv(CommandLineRunner.run("predict", model.toString(), batch.toString(), dir.resolve("rgb.png").toString(),
                dir.resolve("grey.png").toString(), "--format", "csv")), names,
                expected(model, sample(records, 0), record, rgb, repeated));
    }

    @Test
    void jsonHoldsTheTopKOfEveryInputAndKStopsAtTheClasses() throws IOException {
        Path model = trainedModel();
        Path image = dir.resolve("one \"quoted\", name.png");
        float[] pixels = TestImages.grey(image, sample(TEST, 0), SIDE, SIDE, "png");
        Prediction expected = expected(model, pixels).getFirst();
        CommandLineRunner.Run run = CommandLineRunner.run("predict", model.toString(), image.toString(), "--format", "JSON",
                "--top", "99");
        assertEquals(0, run.exit(), run.err());
        JsonArray inputs = JsonParser.parseString(run.out()).getAsJsonArray();
        assertEquals(1, inputs.size());
        JsonObject input = inputs.get(0).getAsJsonObject();
        assertEquals(image.toString(), input.get("input").getAsString());
        JsonArray top = input.getAsJsonArray("top");
        assertEquals(3, top.size(), "99 is clamped to the model's 3 classes");
        for (int rank = 0; rank < 3; rank++) {
            JsonObject entry = top.get(rank).getAsJsonObject();
            Prediction.ClassProbability want = expected.top(3).get(rank);
            assertEquals(want.className(), entry.get("class").getAsString());
            assertEquals(want.index(), entry.get("index").getAsInt());
            assertEquals(want.probability(), entry.get("probability").getAsFloat());
        }
        CommandLineRunner.Run csv = CommandLineRunner.run("predict", model.toString(), image.toString(), "--format", "csv", "--top", "1");
        assertEquals("\"" + image.toString().replace("\"", "\"\"") + "\"", csv.out().lines().toList().get(1).split(",1,")[0],
                "a name with a comma and quotes is one quoted CSV cell");
    }

    @Test
    void badInputsFailWithOneLineNamingTheFile() throws IOException {
        Path model = trainedModel();
        Path truncated = dir.resolve("truncated.png");
        TestImages.grey(dir.resolve("whole.png"), sample(TEST, 0), SIDE, SIDE, "png");
        byte[] whole = Files.readAllBytes(dir.resolve("whole.png"));
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        Path text = Files.writeString(dir.resolve("text.png"), "not an image at all\n");
        Path wide = dir.resolve("wide.png");
        TestImages.grey(wide, new float[2 * SIDE * SIDE], SIDE, 2 * SIDE, "png");
        Path labels = TinyData.write(dir.resolve("t10k-labels-idx1-ubyte"), TinyData.idx(8, new int[] {2}, new byte[] {0, 1}), false);
        Path larger = TinyData.write(dir.resolve("large-idx3-ubyte"), TinyData.idx(8, new int[] {1, 5, 5}, new byte[25]), false);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path twoChannels = dir.resolve("two-channels.safetensors");
        try (Model untrained = Model.builder("mlp:4").inputShape(2, SIDE, SIDE).classes(List.of("a", "b")).build()) {
            untrained.save(twoChannels);
        }
        Path flat = dir.resolve("flat.safetensors");
        try (Model untrained = Model.builder("mlp:4").inputShape(SIDE * SIDE).classes(List.of("a", "b")).build()) {
            untrained.save(flat);
        }
        assertFails(model, truncated, "cannot decode the image");
        assertFails(model, text, "not an image");
        assertFails(model, wide, "aspect ratios differ");
        assertFails(model, labels, "not images");
        assertFails(model, larger, "have shape [1, 5, 5], the model takes [1, 4, 4]");
        assertFails(model, empty, "no images");
        assertFails(model, dir.resolve("missing.png"), "no such file");
        assertFails(twoChannels, dir.resolve("whole.png"), "2-channel images");
        assertFails(flat, dir.resolve("whole.png"), "not C x H x W images");
        assertFails(dir.resolve("whole.png"), dir.resolve("whole.png"), "corrupt checkpoint");

        CommandLineRunner.Run format = CommandLineRunner.run("predict", model.toString(), dir.resolve("whole.png").toString(),
                "--format", "xml");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("'xml' is not a format: text, csv or json"), format.err());
        CommandLineRunner.Run top = CommandLineRunner.run("predict", model.toString(), dir.resolve("whole.png").toString(), "--top", "0");
        assertEquals(1, top.exit());
        assertEquals("simdnn: --top must be >= 1, got 0", top.err().strip());
    }

    /** predict fails: exit 1, nothing on standard output, one error line naming the input and the problem. */
    private static void assertFails(Path model, Path input, String problem) {
        CommandLineRunner.Run run = CommandLineRunner.run("predict", model.toString(), input.toString());
        assertEquals(1, run.exit(), input + ": " + run.out() + run.err());
        assertEquals("", run.out(), input.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.getFirst().startsWith("simdnn: " + input) && lines.getFirst().contains(problem), lines.getFirst());
    }
}
