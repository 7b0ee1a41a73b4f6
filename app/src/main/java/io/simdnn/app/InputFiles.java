package io.simdnn.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files {@code predict} reads for its {@code FILE|DIR...} arguments, in order: a file as given
 * (whatever its name; {@link SampleReader} looks at its content), a directory as its files that are
 * named like an input, sorted by name, not recursively: images ({@code .png}, {@code .jpg},
 * {@code .jpeg}, {@code .gif}, {@code .bmp}, {@code .tif}, {@code .tiff}), IDX image files (a name
 * with {@code idx3}, e.g. {@code t10k-images-idx3-ubyte[.gz]}) and CIFAR-10 batches
 * ({@code .bin}, {@code .bin.gz}). Other files in a directory are skipped.
 */
final class InputFiles {
    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff");
    private static final List<String> CIFAR_SUFFIXES = List.of(".bin", ".bin.gz");

    private InputFiles() {}

    /**
     * The files named by {@code arguments}, directories expanded.
     *
     * @throws NoSuchFileException if an argument does not exist
     * @throws IOException         if a directory cannot be listed or holds no input file
     */
    static List<Path> expand(List<Path> arguments) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path argument : arguments) {
            if (Files.isDirectory(argument)) {
                List<Path> inside = inputsIn(argument);
                if (inside.isEmpty()) {
                    throw new IOException(argument + ": no images (" + String.join(", ", IMAGE_SUFFIXES)
                            + "), IDX image files (*idx3*) or CIFAR-10 batches (*.bin) in this directory");
                }
                files.addAll(inside);
            } else if (Files.isRegularFile(argument)) {
                files.add(argument);
            } else {
                throw new NoSuchFileException(argument + ": no such file or directory");
            }
        }
        return files;
    }

    private static List<Path> inputsIn(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isRegularFile).filter(InputFiles::looksLikeInput)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
    }

    private static boolean looksLikeInput(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_SUFFIXES.stream().anyMatch(name::endsWith) || CIFAR_SUFFIXES.stream().anyMatch(name::endsWith)
                || name.contains("idx3");
    }

    /** Whether {@code file} is named like a CIFAR-10 batch ({@code .bin} or {@code .bin.gz}). */
    static boolean isCifarName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return CIFAR_SUFFIXES.stream().anyMatch(name::endsWith);
    }
}
