package io.simdnn.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import io.simdnn.nn.data.Cifar10Format;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.IdxReader;

/**
 * Reads one input file of {@code predict} as samples of the model's input shape, deciding what it
 * is from its content (a CIFAR-10 batch, which has no magic number, from its name): an image ({@link ImageSamples}:
 * converted to the model's channels, size and scaling), an IDX image file ({@code count x rows x
 * cols} unsigned bytes, raw or gzipped) or a CIFAR-10 batch ({@code .bin}, 3073-byte records). IDX
 * and CIFAR-10 samples must have the model's shape already; their pixels are scaled by 1/255 as
 * the data loaders do. Every refusal is an {@link IOException} whose message starts with the file.
 */
final class SampleReader {
    private final int[] inputShape;
    private final ImageSamples images;

    /** A reader for a model that takes samples of {@code inputShape}. */
    SampleReader(int[] inputShape) {
        this.inputShape = inputShape.clone();
        this.images = new ImageSamples(inputShape);
    }

    /** The samples in {@code file}. */
    Samples read(Path file) throws IOException {
        // the IDX magic first: javax.imageio's lenient WBMP check could claim an IDX file of the right length
        if (isIdx(file)) {
            return idx(file);
        }
        if (InputFiles.isCifarName(file)) {
            return cifar(file);
        }
        if (ImageSamples.isImage(file)) {
            return new Samples(List.of(file.toString()), images.read(file));
        }
        throw new IOException(file + ": not an image (PNG, JPEG, GIF, BMP, TIFF), an IDX image file or a CIFAR-10 batch (.bin)");
    }

    /** The IDX magic number: two zero bytes, a type byte, the number of dimensions (1 to 4); gzipped or not. */
    private static boolean isIdx(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                head = in.readNBytes(4);
            } catch (IOException e) {
                return false; // a corrupt gzip stream is not an IDX file either
            }
        }
        return head.length == 4 && head[0] == 0 && head[1] == 0 && head[2] != 0 && head[3] >= 1 && head[3] <= 4;
    }

    private Samples idx(Path file) throws IOException {
        IdxReader.IdxArray array = IdxReader.read(file);
        int[] dims = array.dimensions();
        if (dims.length != 3) {
            throw new IOException(file + ": an IDX file of shape " + Arrays.toString(dims)
                    + ", not images (count x rows x cols; labels?)");
        }
        requireShape(file, "IDX images", new int[] {1, dims[1], dims[2]});
        byte[] pixels = array.data();
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = (pixels[i] & 0xff) / 255f;
        }
        return new Samples(names(file, dims[0]), values);
    }

    private Samples cifar(Path file) throws IOException {
        Dataset batch = Cifar10Format.read(file.toString(), List.of(file));
        requireShape(file, "CIFAR-10 images", batch.sampleShape());
        return new Samples(names(file, batch.count()), batch.features());
    }

    private void requireShape(Path file, String what, int[] shape) throws IOException {
        if (!Arrays.equals(shape, inputShape)) {
            throw new IOException(file + ": " + what + " have shape " + Arrays.toString(shape) + ", the model takes "
                    + Arrays.toString(inputShape));
        }
    }

    private static List<String> names(Path file, int count) {
        return IntStream.range(0, count).mapToObj(i -> file + "#" + i).toList();
    }
}
