package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files, good and bad, generated small; plus the real Fashion-MNIST test set when installed. */
class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt((type << 8) | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    private void writeSet(String split, int images, int labels, byte labelValue, boolean gzip) throws IOException {
        String suffix = gzip ? ".gz" : "";
        write(split + "-images-idx3-ubyte" + suffix, idx(8, new int[] {images, 2, 3}, new byte[images * 6]), gzip);
        byte[] labelBytes = new byte[labels];
        java.util.Arrays.fill(labelBytes, labelValue);
        write(split + "-labels-idx1-ubyte" + suffix, idx(8, new int[] {labels}, labelBytes), gzip);
    }

    private String errorOf(org.junit.jupiter.api.function.Executable load) {
        return assertThrows(DataFormatException.class, load).getMessage();
    }

    @Test
    void readsRawAndGzippedFilesAlike() throws IOException {
        byte[] content = idx(8, new int[] {2, 2}, new byte[] {0, 1, (byte) 255, 7});
        IdxReader.IdxArray raw = IdxReader.read(write("raw", content, false));
        IdxReader.IdxArray gz = IdxReader.read(write("packed.bin", content, true)); // gzip found by magic, not name
        assertArrayEquals(new int[] {2, 2}, raw.dimensions());
        assertArrayEquals(raw.data(), gz.data());
        assertEquals((byte) 255, raw.data()[2]);
    }

    @Test
    void loadsAnMnistDirectoryScalingPixels() throws IOException {
        writeSet("train", 3, 3, (byte) 4, true);
        writeSet("t10k", 2, 2, (byte) 9, false);
        Dataset train = MnistFormat.loadTrain(dir, MnistFormat.DIGIT_CLASSES);
        assertEquals(3, train.count());
        assertArrayEquals(new int[] {1, 2, 3}, train.sampleShape());
        assertEquals(9, MnistFormat.loadTest(dir, MnistFormat.DIGIT_CLASSES).labels()[1]);
    }

    @Test
    void eachBadFileGivesOneClearError() throws IOException {
        Path empty = write("empty", new byte[0], false);
        assertTrue(errorOf(() -> IdxReader.read(empty)).contains("empty"));

        Path wrongMagic = write("magic", idx(0x0D, new int[] {1}, new byte[4]), false);
        assertTrue(errorOf(() -> IdxReader.read(wrongMagic)).contains("not an unsigned-byte IDX file"));

        byte[] full = idx(8, new int[] {10, 2, 2}, new byte[40]);
        Path truncated = write("truncated", java.util.Arrays.copyOf(full, full.length - 5), false);
        String message = errorOf(() -> IdxReader.read(truncated));
        assertTrue(message.contains("truncated") && message.contains(truncated.toString()), message);

        Path truncatedGzip = dir.resolve("truncated.gz");
        byte[] gz = Files.readAllBytes(write("whole.gz", full, true));
        Files.write(truncatedGzip, java.util.Arrays.copyOf(gz, gz.length / 2));
        assertTrue(errorOf(() -> IdxReader.read(truncatedGzip)).contains("truncated"));

        Path huge = write("huge", idx(8, new int[] {100000, 100000, 100}, new byte[0]), false);
        assertTrue(errorOf(() -> IdxReader.read(huge)).contains("more than"));

        Path missing = dir.resolve("nope");
        assertTrue(errorOf(() -> IdxReader.read(missing)).contains("not found"));
    }

    @Test
    void countsThatDisagreeAndLabelsOutOfRangeAreRejected() throws IOException {
        writeSet("train", 5, 4, (byte) 1, false);
        String mismatch = errorOf(() -> MnistFormat.loadTrain(dir, MnistFormat.DIGIT_CLASSES));
        assertTrue(mismatch.contains("4 labels but") && mismatch.contains("5 images"), mismatch);

        writeSet("train", 3, 3, (byte) 10, false);
        String range = errorOf(() -> MnistFormat.loadTrain(dir, MnistFormat.DIGIT_CLASSES));
        assertTrue(range.contains("label 10 of sample 0 is outside [0, 10)"), range);
    }

    @Test
    void headerAndShapeProblemsAreNamedToo() throws IOException {
        Path shortHeader = write("short-header", new byte[] {0, 0, 8, 3, 0, 0, 0, 5}, false);
        assertTrue(errorOf(() -> IdxReader.read(shortHeader)).contains("truncated inside the header"));

        Path trailing = write("trailing", idx(8, new int[] {2}, new byte[] {1, 2, 3}), false);
        assertTrue(errorOf(() -> IdxReader.read(trailing)).contains("trailing bytes after the 2 bytes"));

        Path zeroDimension = write("zero", idx(8, new int[] {0, 3}, new byte[0]), false);
        assertTrue(errorOf(() -> IdxReader.read(zeroDimension)).contains("dimension 0 is 0"));

        Path notGzip = dir.resolve("garbage.gz");
        Files.write(notGzip, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        String garbage = errorOf(() -> IdxReader.read(notGzip));
        assertTrue(garbage.contains("gzip") && garbage.startsWith(notGzip.toString()), garbage);

        // images of the wrong rank: a label file where the images should be
        write("train-images-idx3-ubyte", idx(8, new int[] {3}, new byte[3]), false);
        write("train-labels-idx1-ubyte", idx(8, new int[] {3}, new byte[3]), false);
        String rank = errorOf(() -> MnistFormat.loadTrain(dir, MnistFormat.DIGIT_CLASSES));
        assertTrue(rank.contains("images must have 3 dimensions"), rank);
    }

    @Test
    void realFashionMnistTestSetHasTenBalancedClasses() throws IOException {
        assumeTrue(MnistFormat.isMnistDirectory(MnistFormat.FASHION_MNIST_DIR), "dataset-fashion-mnist not installed");
        Dataset test = MnistFormat.loadTest(MnistFormat.FASHION_MNIST_DIR, MnistFormat.FASHION_CLASSES);
        assertEquals(10000, test.count());
        assertArrayEquals(new int[] {1, 28, 28}, test.sampleShape());
        int[] counts = new int[10];
        for (int label : test.labels()) {
            counts[label]++;
        }
        for (int count : counts) {
            assertEquals(1000, count);
        }
    }
}
