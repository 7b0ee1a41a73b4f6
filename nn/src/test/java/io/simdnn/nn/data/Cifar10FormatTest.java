package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 binary batches, good and bad, generated small. */
class Cifar10FormatTest {
    @TempDir
    Path dir;

    private String problem(Path... files) {
        DataFormatException error = assertThrows(DataFormatException.class, () -> Cifar10Format.read("x", List.of(files)));
        return error.getMessage();
    }

    @Test
    void recordsBecomeChwSamplesScaledToOne() throws IOException {
        Path first = Files.write(dir.resolve("data_batch_1.bin"), TinyData.cifarRecords(3, 9));
        Path second = TinyData.write(dir.resolve("data_batch_2.bin"), TinyData.cifarRecords(0, 1), true); // gzip by magic
        Dataset data = Cifar10Format.read("train", List.of(first, second));
        assertEquals(4, data.count());
        assertArrayEquals(new int[] {3, 32, 32}, data.sampleShape());
        assertArrayEquals(new int[] {3, 9, 0, 1}, data.labels());
        float[] f = data.features();
        int sample = 3 * 1024;
        assertEquals(1f, f[sample]);                              // sample 1, red, pixel (0, 0)
        assertEquals(1 / 255f, f[sample + 1023]);                 // sample 1, red, pixel (31, 31)
        assertEquals(101 / 255f, f[sample + 1024 + 5 * 32 + 7]);  // sample 1, green
        assertEquals(200 / 255f, f[2 * sample + 2048 + 100]);     // sample 2 is record 0 of the second file: blue 200
        assertEquals("truck", data.classNames().get(9));
    }

    @Test
    void eachBadFileGivesOneClearErrorNamingIt() throws IOException {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertTrue(problem(empty).equals(empty + ": file is empty"), problem(empty));

        byte[] two = TinyData.cifarRecords(1, 2);
        Path truncated = Files.write(dir.resolve("truncated.bin"), Arrays.copyOf(two, two.length - 7));
        String message = problem(truncated);
        assertTrue(message.startsWith(truncated.toString()) && message.contains("truncated")
                && message.contains("1 records and 3066 bytes over"), message);

        Path badLabel = Files.write(dir.resolve("label.bin"), TinyData.cifarRecords(4, 10));
        message = problem(badLabel);
        assertTrue(message.contains("label 10 of record 1 is outside [0, 10)"), message);

        byte[] gz = Files.readAllBytes(TinyData.write(dir.resolve("whole.gz"), TinyData.cifarRecords(1, 2, 3), true));
        Path truncatedGzip = Files.write(dir.resolve("cut.bin.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertTrue(problem(truncatedGzip).contains("truncated"), problem(truncatedGzip));

        Path good = Files.write(dir.resolve("good.bin"), TinyData.cifarRecords(5));
        Path missing = dir.resolve("missing.bin");
        assertTrue(problem(good, missing).equals(missing + ": no such file"), problem(good, missing));
    }

    @Test
    void aDirectoryNeedsAllSixBatches() throws IOException {
        TinyData.cifarDirectory(dir, 4);
        assertTrue(Cifar10Format.isCifar10Directory(dir));
        assertEquals(20, Cifar10Format.loadTrain(dir).count());
        assertEquals(4, Cifar10Format.loadTest(dir).count());
        Files.delete(dir.resolve("data_batch_4.bin"));
        assertFalse(Cifar10Format.isCifar10Directory(dir));
        String message = assertThrows(DataFormatException.class, () -> Cifar10Format.loadTrain(dir)).getMessage();
        assertTrue(message.contains("data_batch_4.bin: missing"), message);
    }

    @Test
    void aBatchCutAtARecordBoundaryIsRefused() throws IOException {
        TinyData.cifarDirectory(dir, 4);
        Files.write(dir.resolve("data_batch_3.bin"), TinyData.cifarRecords(1, 2, 3));
        String message = assertThrows(DataFormatException.class, () -> Cifar10Format.loadTrain(dir)).getMessage();
        assertEquals(dir.resolve("data_batch_3.bin") + ": holds 3 records but data_batch_1.bin holds 4 (a batch cut short?)", message);

        Files.write(dir.resolve(Cifar10Format.TEST_FILE), TinyData.cifarRecords(1, 2));
        message = assertThrows(DataFormatException.class, () -> Cifar10Format.loadTest(dir)).getMessage();
        assertEquals(dir.resolve(Cifar10Format.TEST_FILE) + ": holds 2 records but data_batch_1.bin holds 4 (a batch cut short?)", message);
    }

    @Test
    void aFileLongerThanABatchIsRefusedWithoutReadingItAll() throws IOException {
        byte[] records = new byte[(Cifar10Format.RECORDS_PER_BATCH + 1) * Cifar10Format.RECORD_BYTES];
        Path big = TinyData.write(dir.resolve("big.bin"), records, true);
        assertEquals(big + ": holds more than the 10000 records of a CIFAR-10 batch", problem(big));
    }
}
