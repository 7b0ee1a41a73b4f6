package io.simdnn.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the training data. The default is Fashion-MNIST from Debian's {@code dataset-fashion-mnist};
 * when it is missing and this process may install packages (root with apt-get), it installs it,
 * saying so; otherwise the error says exactly what to run.
 */
public final class DataLocator {
    static final String PACKAGE = "dataset-fashion-mnist";

    private DataLocator() {}

    /** The directory to load: {@code requested}, or the default Fashion-MNIST (installed if needed). */
    public static Path resolve(Path requested) throws IOException {
        if (requested != null) {
            if (!Files.isDirectory(requested)) {
                throw new DataFormatException(requested, "data directory not found");
            }
            if (!MnistFormat.isMnistDirectory(requested)) {
                throw new DataFormatException(requested, "no MNIST-style IDX files here (train-images-idx3-ubyte[.gz], "
                        + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz])");
            }
            return requested;
        }
        Path dir = MnistFormat.FASHION_MNIST_DIR;
        if (MnistFormat.isMnistDirectory(dir)) {
            return dir;
        }
        if (canInstallPackages()) {
            System.err.println("simdnn: Fashion-MNIST is not installed; installing Debian package " + PACKAGE + " ...");
            run(List.of("apt-get", "update", "-qq"));
            run(List.of("apt-get", "install", "-y", "-qq", PACKAGE));
            if (MnistFormat.isMnistDirectory(dir)) {
                return dir;
            }
        }
        throw new DataFormatException(dir, "Fashion-MNIST not found; install it with 'sudo apt-get install " + PACKAGE
                + "' or point --data at a directory with MNIST-style IDX files");
    }

    private static boolean canInstallPackages() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
