package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training and test data of different shapes or class counts are refused before training, naming both files. */
class DatasetAgreementTest {
    @TempDir
    Path dir;

    @Test
    void samplesOfAnotherShapeAreRefusedNamingBothFiles() throws IOException {
        Path idx = TinyData.idxDirectory(dir, 6, 3);
        DataSource source = DataSource.detect(idx);
        Dataset train = source.loadTrain();
        assertDoesNotThrow(() -> DatasetAgreement.require(train, source.loadTest()));

        TinyData.writeIdxSplit(idx, "t10k", TinyData.learnable("test", 3, 5, 3, 2), false); // 5 x 5 instead of 4 x 4
        Dataset test = source.loadTest();
        assertEquals(idx.resolve("t10k-images-idx3-ubyte") + ": samples of shape [1, 5, 5] do not match the [1, 4, 4] of "
                + idx.resolve("train-images-idx3-ubyte.gz"),
                assertThrows(DataFormatException.class, () -> DatasetAgreement.require(train, test)).getMessage());
    }

    @Test
    void anotherClassCountIsRefused() {
        Dataset three = TinyData.learnable("a", 6, 4, 3, 1);
        Dataset two = TinyData.learnable("b", 6, 4, 2, 1);
        assertEquals("b: 2 classes do not match the 3 of a",
                assertThrows(DataFormatException.class, () -> DatasetAgreement.require(three, two)).getMessage());
    }
}
