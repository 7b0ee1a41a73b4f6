package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data DIR} recognizes IDX and CIFAR-10 directories by their files. */
class DataSourceTest {
    @TempDir
    Path dir;

    @Test
    void detectsIdxWithDigitOrFashionClasses() throws IOException {
        DataSource digits = DataSource.detect(TinyData.idxDirectory(dir.resolve("digits"), 12, 6));
        assertEquals(DataSource.Format.IDX, digits.format());
        assertEquals(MnistFormat.DIGIT_CLASSES, digits.classNames());
        assertEquals(12, digits.loadTrain().count());
        assertEquals(6, digits.loadTest().count());
        DataSource fashion = DataSource.detect(TinyData.idxDirectory(dir.resolve("my-fashion-copy"), 12, 6));
        assertEquals(MnistFormat.FASHION_CLASSES, fashion.classNames());
    }

    @Test
    void detectsCifar10DirectlyOrInItsArchiveDirectory() throws IOException {
        Path cifar = TinyData.cifarDirectory(dir.resolve("cifar").resolve(DataSource.CIFAR10_SUBDIRECTORY), 3);
        DataSource direct = DataSource.detect(cifar);
        assertEquals(DataSource.Format.CIFAR10, direct.format());
        assertEquals(Cifar10Format.CLASSES, direct.classNames());
        assertEquals(15, direct.loadTrain().count());
        DataSource parent = DataSource.detect(dir.resolve("cifar"));
        assertEquals(cifar, parent.directory());
    }

    @Test
    void anythingElseIsRefusedWithWhatEachFormatNeeds() throws IOException {
        Files.createDirectories(dir.resolve("other"));
        Files.writeString(dir.resolve("other").resolve("notes.txt"), "hello");
        String message = assertThrows(DataFormatException.class, () -> DataSource.detect(dir.resolve("other"))).getMessage();
        assertTrue(message.contains("train-images-idx3-ubyte") && message.contains("data_batch_1.bin"), message);
        String missing = assertThrows(DataFormatException.class, () -> DataSource.detect(dir.resolve("nope"))).getMessage();
        assertTrue(missing.endsWith("nope: data directory not found"), missing);
    }

    @Test
    void anIncompleteDirectoryNamesTheMissingFiles() throws IOException {
        Path idx = TinyData.idxDirectory(dir.resolve("idx"), 6, 3);
        Files.delete(idx.resolve("t10k-labels-idx1-ubyte"));
        assertEquals(idx + ": MNIST-style IDX files incomplete: missing t10k-labels-idx1-ubyte[.gz]",
                assertThrows(DataFormatException.class, () -> DataSource.detect(idx)).getMessage());

        Path cifar = TinyData.cifarDirectory(dir.resolve("cifar").resolve(DataSource.CIFAR10_SUBDIRECTORY), 2);
        Files.delete(cifar.resolve("data_batch_2.bin"));
        Files.delete(cifar.resolve(Cifar10Format.TEST_FILE));
        assertEquals(cifar + ": CIFAR-10 batches incomplete: missing data_batch_2.bin, test_batch.bin",
                assertThrows(DataFormatException.class, () -> DataSource.detect(dir.resolve("cifar"))).getMessage());
    }
}
