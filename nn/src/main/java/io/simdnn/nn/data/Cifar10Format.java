package io.simdnn.nn.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * CIFAR-10's binary version: a directory with {@code data_batch_1.bin} .. {@code data_batch_5.bin}
 * (training) and {@code test_batch.bin} (test), each optionally gzipped. A file is a sequence of
 * {@value #RECORD_BYTES}-byte records: one label byte in [0, 10), then the 32 x 32 image as 1024
 * red, 1024 green and 1024 blue bytes, each plane row-major. That is already channel-major (CHW),
 * so a record becomes a 3 x 32 x 32 sample with pixels scaled to [0, 1].
 */
public final class Cifar10Format {
    /** Channels of a sample: red, green, blue. */
    public static final int CHANNELS = 3;
    /** Rows and columns of a sample. */
    public static final int SIDE = 32;
    /** One label byte and the pixels. */
    public static final int RECORD_BYTES = 1 + CHANNELS * SIDE * SIDE;

    /** The classes by label, as in the data set's {@code batches.meta.txt}. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    /** The training batches, in the order they are concatenated. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    /** The test batch. */
    public static final String TEST_FILE = "test_batch.bin";
    /** The training batches and the test batch. */
    public static final List<String> ALL_FILES = java.util.stream.Stream.concat(TRAIN_FILES.stream(), java.util.stream.Stream.of(TEST_FILE)).toList();

    /** Records in each batch file of the real data set; no file may hold more. */
    public static final int RECORDS_PER_BATCH = 10_000;
    /** The most a batch file is read: one byte past a full batch, so that a longer file is noticed. */
    private static final int MAX_FILE_BYTES = RECORDS_PER_BATCH * RECORD_BYTES + 1;

    private Cifar10Format() {}

    /**
     * Whether {@code dir} holds all six batch files (raw or gzipped).
     *
     * @param dir the directory to look in
     * @return {@code true} if every file is there (they are not read)
     */
    public static boolean isCifar10Directory(Path dir) {
        for (String name : TRAIN_FILES) {
            if (DataFiles.find(dir, name) == null) {
                return false;
            }
        }
        return DataFiles.find(dir, TEST_FILE) != null;
    }

    /**
     * The five training batches, concatenated in file order (50,000 samples for the real data set).
     *
     * @param dir the directory of the batch files
     * @return samples of 3 x 32 x 32 floats in [0, 1], with the ten class names
     * @throws IOException if a file is missing, unreadable or corrupt ({@link DataFormatException})
     */
    public static Dataset loadTrain(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : TRAIN_FILES) {
            files.add(require(dir, name));
        }
        return read(dir.resolve("data_batch_1.bin .. data_batch_5.bin").toString(), files);
    }

    /**
     * The test batch (10,000 samples for the real data set).
     *
     * @param dir the directory of the batch files
     * @return samples of 3 x 32 x 32 floats in [0, 1], with the ten class names
     * @throws IOException if the file is missing, unreadable or corrupt ({@link DataFormatException})
     */
    public static Dataset loadTest(Path dir) throws IOException {
        Path testFile = require(dir, TEST_FILE);
        Dataset test = read(testFile.toString(), List.of(testFile));
        Path firstBatch = DataFiles.find(dir, TRAIN_FILES.getFirst());
        if (firstBatch != null) {
            long batchRecords = readValidated(firstBatch).length / RECORD_BYTES;
            if (test.count() != batchRecords) {
                throw new DataFormatException(testFile, "holds " + test.count() + " records but "
                        + firstBatch.getFileName() + " holds " + batchRecords + " (a batch cut short?)");
            }
        }
        return test;
    }

    /**
     * Reads and concatenates batch files; every file is validated before anything is converted: a
     * whole number of records, at most {@value #RECORDS_PER_BATCH}, labels in [0, 10), and as many
     * records as the first file (the batches of a data set are equal, so a batch cut at a record
     * boundary shows as one shorter than its siblings).
     *
     * @param name  the data set's name
     * @param files the batch files, raw or gzipped, in order
     * @return samples of 3 x 32 x 32 floats in [0, 1], with the ten class names
     * @throws IOException if a file is unreadable or corrupt ({@link DataFormatException})
     */
    public static Dataset read(String name, List<Path> files) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        long records = 0;
        for (Path file : files) {
            byte[] bytes = readValidated(file);
            if (!contents.isEmpty() && bytes.length != contents.getFirst().length) {
                throw new DataFormatException(file, "holds " + bytes.length / RECORD_BYTES + " records but "
                        + files.getFirst().getFileName() + " holds " + contents.getFirst().length / RECORD_BYTES
                        + " (a batch cut short?)");
            }
            contents.add(bytes);
            records += bytes.length / RECORD_BYTES;
        }
        int pixels = RECORD_BYTES - 1;
        if (records * pixels > Integer.MAX_VALUE - 8) { // the most a Java array holds
            throw new DataFormatException(files.getLast(), records + " records in total do not fit one array");
        }
        float[] features = new float[(int) records * pixels];
        int[] labels = new int[(int) records];
        int sample = 0;
        for (byte[] bytes : contents) {
            for (int offset = 0; offset < bytes.length; offset += RECORD_BYTES, sample++) {
                labels[sample] = bytes[offset];
                int base = sample * pixels;
                for (int i = 0; i < pixels; i++) {
                    features[base + i] = (bytes[offset + 1 + i] & 0xff) / 255f;
                }
            }
        }
        return new Dataset(name, features, labels, new int[] {CHANNELS, SIDE, SIDE}, CLASSES);
    }

    /** The file's bytes after checking that they are whole records with labels in range. */
    private static byte[] readValidated(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = DataFiles.open(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES);
        } catch (ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data: " + e.getMessage());
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated gzip stream");
        }
        if (bytes.length == 0) {
            throw new DataFormatException(file, "file is empty");
        }
        if (bytes.length == MAX_FILE_BYTES) {
            throw new DataFormatException(file, "holds more than the " + RECORDS_PER_BATCH + " records of a CIFAR-10 batch");
        }
        if (bytes.length % RECORD_BYTES != 0) {
            throw new DataFormatException(file, "truncated: " + bytes.length + " bytes are not a whole number of "
                    + RECORD_BYTES + "-byte records (" + bytes.length / RECORD_BYTES + " records and "
                    + bytes.length % RECORD_BYTES + " bytes over)");
        }
        for (int offset = 0, record = 0; offset < bytes.length; offset += RECORD_BYTES, record++) {
            int label = bytes[offset] & 0xff;
            if (label >= CLASSES.size()) {
                throw new DataFormatException(file, "label " + label + " of record " + record + " is outside [0, "
                        + CLASSES.size() + ") (a CIFAR-100 file? those have two label bytes per record)");
            }
        }
        return bytes;
    }

    private static Path require(Path dir, String name) throws DataFormatException {
        Path file = DataFiles.find(dir, name);
        if (file == null) {
            throw new DataFormatException(dir.resolve(name), "missing (looked for " + name + " and " + name + ".gz)");
        }
        return file;
    }
}
