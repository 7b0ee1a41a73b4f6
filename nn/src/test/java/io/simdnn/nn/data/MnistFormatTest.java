package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST-family directories of IDX files, good and bad, generated small; plus the real Fashion-MNIST test set when installed. */
class MnistFormatTest {
    @TempDir
    Path dir;

    private void writeSet(String split, int images, int labels, byte labelValue, boolean gzip) throws IOException {
        String suffix = gzip ? ".gz" : "";
        TinyData.write(dir.resolve(split + "-images-idx3-ubyte" + suffix), TinyData.idx(8, new int[] {images, 2, 3}, new byte[images * 6]),
                gzip);
        byte[] labelBytes = new byte[labels];
        java.util.Arrays.fill(labelBytes, labelValue);
        TinyData.write(dir.resolve(split + "-labels-idx1-ubyte" + suffix), TinyData.idx(8, new int[] {labels}, labelBytes), gzip);
    }

    private String errorOf(org.junit.jupiter.api.function.Executable load) {
        return assertThrows(DataFormatException.class, load).getMessage();
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
    void countsThatDisagreeAndLabelsOutOfRangeAreRejected() throws IOException {
        writeSet("train", 5, 4, (byte) 1, false);
        String mismatch = errorOf(() -> MnistFormat.loadTrain(dir, MnistFormat.DIGIT_CLASSES));
        assertTrue(mismatch.contains("4 labels but") && mismatch.contains("5 images"), mismatch);

        writeSet("train", 3, 3, (byte) 10, false);
        String range = errorOf(() -> MnistFormat.loadTrain(dir, MnistFormat.DIGIT_CLASSES));
        assertTrue(range.contains("label 10 of sample 0 is outside [0, 10)"), range);
    }

    @Test
    void imagesOfTheWrongRankAreNamed() throws IOException {
        // images of the wrong rank: a label file where the images should be
        TinyData.write(dir.resolve("train-images-idx3-ubyte"), TinyData.idx(8, new int[] {3}, new byte[3]), false);
        TinyData.write(dir.resolve("train-labels-idx1-ubyte"), TinyData.idx(8, new int[] {3}, new byte[3]), false);
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
