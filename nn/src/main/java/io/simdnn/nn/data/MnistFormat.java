package io.simdnn.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST-family data sets: a directory with {@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte},
 * each optionally with {@code .gz}. Pixels become floats in [0, 1], shape 1 x rows x cols.
 */
public final class MnistFormat {
    /** Debian's dataset-fashion-mnist installs here. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fashion-MNIST's classes, by label. */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** MNIST's classes, by label: the digits. */
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** The four files of a data set, each also accepted with {@code .gz}. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private MnistFormat() {}

    /**
     * Whether {@code dir} holds the IDX files (raw or gzipped), judged by the training images and
     * the test labels.
     *
     * @param dir the directory to look in
     * @return {@code true} if they are there (they are not read)
     */
    public static boolean isMnistDirectory(Path dir) {
        return DataFiles.find(dir, "train-images-idx3-ubyte") != null && DataFiles.find(dir, "t10k-labels-idx1-ubyte") != null;
    }

    /**
     * The class names of an IDX directory. The files do not name their classes, so the directory
     * does: Debian's Fashion-MNIST directory, or any directory whose path mentions "fashion", has
     * the clothing classes; any other (MNIST and its relatives) the digits.
     *
     * @param dir the data directory
     * @return {@link #FASHION_CLASSES} or {@link #DIGIT_CLASSES}
     */
    public static List<String> classesFor(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        boolean fashion = absolute.equals(FASHION_MNIST_DIR)
                || absolute.toString().toLowerCase(java.util.Locale.ROOT).contains("fashion");
        return fashion ? FASHION_CLASSES : DIGIT_CLASSES;
    }

    /**
     * The training images and labels ({@code train-*}).
     *
     * @param dir        the directory of the four files
     * @param classNames the class names, by label (labels must be below their count)
     * @return samples of 1 x rows x cols floats in [0, 1]
     * @throws IOException if a file is missing, unreadable or corrupt, or images and labels
     *         disagree ({@link DataFormatException})
     */
    public static Dataset loadTrain(Path dir, List<String> classNames) throws IOException {
        return load(dir, "train", classNames);
    }

    /**
     * The test images and labels ({@code t10k-*}).
     *
     * @param dir        the directory of the four files
     * @param classNames the class names, by label (labels must be below their count)
     * @return samples of 1 x rows x cols floats in [0, 1]
     * @throws IOException if a file is missing, unreadable or corrupt, or images and labels
     *         disagree ({@link DataFormatException})
     */
    public static Dataset loadTest(Path dir, List<String> classNames) throws IOException {
        return load(dir, "t10k", classNames);
    }

    private static Dataset load(Path dir, String split, List<String> classNames) throws IOException {
        Path imagesFile = require(dir, split + "-images-idx3-ubyte");
        Path labelsFile = require(dir, split + "-labels-idx1-ubyte");
        IdxReader.IdxArray images = IdxReader.read(imagesFile);
        IdxReader.IdxArray labels = IdxReader.read(labelsFile);
        if (images.dimensions().length != 3) {
            throw new DataFormatException(imagesFile, "images must have 3 dimensions (count, rows, cols), found "
                    + images.dimensions().length);
        }
        if (labels.dimensions().length != 1) {
            throw new DataFormatException(labelsFile, "labels must have 1 dimension, found " + labels.dimensions().length);
        }
        int count = images.dimensions()[0];
        if (labels.dimensions()[0] != count) {
            throw new DataFormatException(labelsFile, labels.dimensions()[0] + " labels but " + imagesFile.getFileName()
                    + " holds " + count + " images");
        }
        int[] labelValues = new int[count];
        for (int i = 0; i < count; i++) {
            labelValues[i] = labels.data()[i] & 0xff;
            if (labelValues[i] >= classNames.size()) {
                throw new DataFormatException(labelsFile, "label " + labelValues[i] + " of sample " + i
                        + " is outside [0, " + classNames.size() + ")");
            }
        }
        byte[] pixels = images.data();
        float[] features = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            features[i] = (pixels[i] & 0xff) / 255f;
        }
        int[] shape = {1, images.dimensions()[1], images.dimensions()[2]};
        return new Dataset(imagesFile.toString(), features, labelValues, shape, classNames);
    }

    private static Path require(Path dir, String baseName) throws IOException {
        Path file = DataFiles.find(dir, baseName);
        if (file == null) {
            throw new DataFormatException(dir.resolve(baseName), "missing (looked for " + baseName + " and " + baseName + ".gz)");
        }
        return file;
    }
}
