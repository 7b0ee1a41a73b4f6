package io.simdnn.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Small generated data files for tests: IDX files and directories, CIFAR-10 records, and a
 * learnable in-memory data set (class c lights up its own band of pixels, plus noise), so tests
 * can train for real in a fraction of a second.
 */
public final class TinyData {
    private TinyData() {}

    /** An unsigned-byte IDX file's bytes (type 0x08 unless {@code type} says otherwise). */
    public static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt((type << 8) | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    public static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    /**
     * A learnable data set of {@code count} 1 x side x side images in {@code classes} classes: class
     * c is bright in rows {@code c * side / classes ..}, dim elsewhere, with noise.
     */
    public static Dataset learnable(String name, int count, int side, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] features = new float[count * side * side];
        int[] labels = new int[count];
        int band = Math.max(1, side / classes);
        for (int s = 0; s < count; s++) {
            labels[s] = random.nextInt(classes);
            for (int y = 0; y < side; y++) {
                boolean bright = y / band == labels[s];
                for (int x = 0; x < side; x++) {
                    float noise = (float) random.nextDouble(0, 0.35);
                    features[(s * side + y) * side + x] = bright ? 0.65f + noise : noise;
                }
            }
        }
        return new Dataset(name, features, labels, new int[] {1, side, side}, MnistFormat.DIGIT_CLASSES.subList(0, classes));
    }

    /** Writes {@code data} (values in [0, 1], 1 x H x W) as an IDX pair {@code split-images/labels}. */
    public static void writeIdxSplit(Path dir, String split, Dataset data, boolean gzip) throws IOException {
        int[] shape = data.sampleShape();
        byte[] pixels = new byte[data.features().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(data.features()[i] * 255);
        }
        byte[] labels = new byte[data.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) data.labels()[i];
        }
        String suffix = gzip ? ".gz" : "";
        write(dir.resolve(split + "-images-idx3-ubyte" + suffix), idx(8, new int[] {data.count(), shape[1], shape[2]}, pixels), gzip);
        write(dir.resolve(split + "-labels-idx1-ubyte" + suffix), idx(8, new int[] {data.count()}, labels), gzip);
    }

    /** An IDX directory with a learnable training set of {@code trainCount} and test set of {@code testCount} 4 x 4 images. */
    public static Path idxDirectory(Path dir, int trainCount, int testCount) throws IOException {
        Files.createDirectories(dir);
        writeIdxSplit(dir, "train", learnable("train", trainCount, 4, 3, 1), true);
        writeIdxSplit(dir, "t10k", learnable("test", testCount, 4, 3, 2), false);
        return dir;
    }

    /** CIFAR-10 records with the given labels; record r has red r, green 100 + r, blue 200 + r, except its first pixel 255. */
    public static byte[] cifarRecords(int... labels) {
        byte[] out = new byte[labels.length * Cifar10Format.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            int base = r * Cifar10Format.RECORD_BYTES;
            out[base] = (byte) labels[r];
            Arrays.fill(out, base + 1, base + 1 + 1024, (byte) r);
            Arrays.fill(out, base + 1 + 1024, base + 1 + 2048, (byte) (100 + r));
            Arrays.fill(out, base + 1 + 2048, base + 1 + 3072, (byte) (200 + r));
            out[base + 1] = (byte) 255;
        }
        return out;
    }

    /** A complete CIFAR-10 directory: each training batch holds {@code perBatch} records, the test batch too. */
    public static Path cifarDirectory(Path dir, int perBatch) throws IOException {
        Files.createDirectories(dir);
        int[] labels = new int[perBatch];
        for (int i = 0; i < perBatch; i++) {
            labels[i] = i % 10;
        }
        for (String name : Cifar10Format.TRAIN_FILES) {
            Files.write(dir.resolve(name), cifarRecords(labels));
        }
        Files.write(dir.resolve(Cifar10Format.TEST_FILE), cifarRecords(labels));
        return dir;
    }

    /** Class names for tests that need {@code classes} of them. */
    public static List<String> classes(int classes) {
        return MnistFormat.DIGIT_CLASSES.subList(0, classes);
    }
}
