package io.simdnn.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A data directory and the format found in it: MNIST-style IDX files (MNIST, Fashion-MNIST; raw or
 * gzipped) or CIFAR-10's binary batches. {@link #detect} looks at the file names, so
 * {@code --data DIR} works for either without saying which.
 *
 * @param directory  the directory holding the files
 * @param format     the layout of the files
 * @param classNames the name of each class, by label
 */
public record DataSource(Path directory, Format format, List<String> classNames) {
    /** The on-disk layouts simdnn reads. */
    public enum Format {
        /** MNIST-style IDX files: {@code train-images-idx3-ubyte} and friends, raw or gzipped; samples 1 x H x W. */
        IDX,
        /** CIFAR-10's binary batches {@code data_batch_1.bin} .. {@code data_batch_5.bin}, {@code test_batch.bin}; samples 3 x 32 x 32. */
        CIFAR10
    }

    /** CIFAR-10's archive unpacks into this directory; pointing at its parent is accepted too. */
    static final String CIFAR10_SUBDIRECTORY = "cifar-10-batches-bin";

    /** Copies the class names. */
    public DataSource {
        classNames = List.copyOf(classNames);
    }

    /**
     * The format of {@code dir}, from the file names in it. A directory that holds CIFAR-10's
     * {@code cifar-10-batches-bin} is accepted for it.
     *
     * @param dir the data directory
     * @return the source; the files are not read yet
     * @throws DataFormatException if {@code dir} does not exist, holds only some of a format's
     *         files (the message names the missing ones) or none (it lists what each format needs)
     */
    public static DataSource detect(Path dir) throws DataFormatException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, "data directory not found");
        }
        if (MnistFormat.isMnistDirectory(dir)) {
            return new DataSource(dir, Format.IDX, MnistFormat.classesFor(dir));
        }
        if (Cifar10Format.isCifar10Directory(dir)) {
            return new DataSource(dir, Format.CIFAR10, Cifar10Format.CLASSES);
        }
        Path nested = dir.resolve(CIFAR10_SUBDIRECTORY);
        if (Files.isDirectory(nested) && Cifar10Format.isCifar10Directory(nested)) {
            return new DataSource(nested, Format.CIFAR10, Cifar10Format.CLASSES);
        }
        Path partial = Files.isDirectory(nested) ? nested : dir;
        List<String> missingCifar = missing(partial, Cifar10Format.ALL_FILES);
        if (missingCifar.size() < Cifar10Format.ALL_FILES.size()) {
            throw new DataFormatException(partial, "CIFAR-10 batches incomplete: missing " + String.join(", ", missingCifar));
        }
        List<String> missingIdx = missing(dir, MnistFormat.FILES);
        if (missingIdx.size() < MnistFormat.FILES.size()) {
            throw new DataFormatException(dir, "MNIST-style IDX files incomplete: missing "
                    + String.join(", ", missingIdx.stream().map(name -> name + "[.gz]").toList()));
        }
        throw new DataFormatException(dir, "neither MNIST-style IDX files (train-images-idx3-ubyte[.gz], "
                + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]) nor CIFAR-10 "
                + "binary batches (data_batch_1.bin .. data_batch_5.bin, test_batch.bin) here");
    }

    /** The names of {@code files} that are in {@code dir} neither plain nor gzipped. */
    private static List<String> missing(Path dir, List<String> files) {
        return files.stream().filter(name -> DataFiles.find(dir, name) == null).toList();
    }

    /**
     * Reads the training set (60000 samples for MNIST and CIFAR-10), pixels scaled to [0, 1].
     *
     * @return the samples and labels, in file order
     * @throws IOException if a file cannot be read or is corrupt ({@link DataFormatException})
     */
    public Dataset loadTrain() throws IOException {
        return switch (format) {
            case IDX -> MnistFormat.loadTrain(directory, classNames);
            case CIFAR10 -> Cifar10Format.loadTrain(directory);
        };
    }

    /**
     * Reads the test set (10000 samples for MNIST and CIFAR-10), pixels scaled to [0, 1].
     *
     * @return the samples and labels, in file order
     * @throws IOException if a file cannot be read or is corrupt ({@link DataFormatException})
     */
    public Dataset loadTest() throws IOException {
        return switch (format) {
            case IDX -> MnistFormat.loadTest(directory, classNames);
            case CIFAR10 -> Cifar10Format.loadTest(directory);
        };
    }

    /**
     * The directory and format, for messages.
     *
     * @return e.g. {@code /usr/share/datasets/fashion-mnist (IDX)}
     */
    @Override
    public String toString() {
        return directory + " (" + (format == Format.IDX ? "IDX" : "CIFAR-10 binary") + ")";
    }
}
