package io.simdnn.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A data directory and the format found in it: MNIST-style IDX files (MNIST, Fashion-MNIST; raw or
 * gzipped) or CIFAR-10's binary batches. {@link #detect} looks at the file names, so
 * {@code --data DIR} works for either without saying which.
 */
public record DataSource(Path directory, Format format, List<String> classNames) {
    /** The on-disk layouts simdnn reads. */
    public enum Format { IDX, CIFAR10 }

    /** CIFAR-10's archive unpacks into this directory; pointing at its parent is accepted too. */
    static final String CIFAR10_SUBDIRECTORY = "cifar-10-batches-bin";

    public DataSource {
        classNames = List.copyOf(classNames);
    }

    /** The format of {@code dir}, or an error that lists what each format needs. */
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
        throw new DataFormatException(dir, "neither MNIST-style IDX files (train-images-idx3-ubyte[.gz], "
                + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]) nor CIFAR-10 "
                + "binary batches (data_batch_1.bin .. data_batch_5.bin, test_batch.bin) here");
    }

    public Dataset loadTrain() throws IOException {
        return switch (format) {
            case IDX -> MnistFormat.loadTrain(directory, classNames);
            case CIFAR10 -> Cifar10Format.loadTrain(directory);
        };
    }

    public Dataset loadTest() throws IOException {
        return switch (format) {
            case IDX -> MnistFormat.loadTest(directory, classNames);
            case CIFAR10 -> Cifar10Format.loadTest(directory);
        };
    }

    @Override
    public String toString() {
        return directory + " (" + (format == Format.IDX ? "IDX" : "CIFAR-10 binary") + ")";
    }
}
