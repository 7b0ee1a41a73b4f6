package io.simdnn.nn.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the training data. {@code --data DIR} is taken as given (IDX or CIFAR-10, detected by
 * {@link DataSource#detect}). Without it the default is Fashion-MNIST from Debian's
 * {@code dataset-fashion-mnist}; when that is missing and this process may install packages (it
 * runs as root and apt-get exists), it installs the package, printing each command first;
 * otherwise the error says exactly what to run.
 */
public final class DataLocator {
    static final String PACKAGE = "dataset-fashion-mnist";

    /** Installs a Debian package; an interface so tests can play a machine with or without apt and root. */
    public interface PackageInstaller {
        /**
         * Whether {@link #install} can work here.
         *
         * @return {@code true} when the process runs as root and apt-get is present
         */
        boolean canInstall();

        /**
         * Whether the machine has apt-get at all (decides what the error message suggests).
         *
         * @return {@code true} when apt-get exists
         */
        boolean hasApt();

        /**
         * Installs {@code packageName}, printing what it runs to {@code log}.
         *
         * @param packageName the Debian package
         * @param log         where each command is printed before it runs
         * @throws IOException if a command fails
         */
        void install(String packageName, PrintStream log) throws IOException;
    }

    private final Path defaultDirectory;
    private final PackageInstaller installer;
    private final PrintStream log;

    /**
     * A locator for {@code defaultDirectory} (normally {@link MnistFormat#FASHION_MNIST_DIR}).
     *
     * @param defaultDirectory where the default data set is, or will be once installed
     * @param installer        installs the Debian package when the default is missing
     * @param log              where installation steps are reported
     */
    public DataLocator(Path defaultDirectory, PackageInstaller installer, PrintStream log) {
        this.defaultDirectory = defaultDirectory;
        this.installer = installer;
        this.log = log;
    }

    /**
     * The data in {@code requested}, or the default Fashion-MNIST (installed if possible) when it
     * is null; installation steps are reported on standard error.
     *
     * @param requested the data directory, or null for the default
     * @return the data source
     * @throws IOException if the data is missing or not recognized ({@link DataFormatException},
     *         saying what to run or pass), or installing it fails
     */
    public static DataSource resolve(Path requested) throws IOException {
        return new DataLocator(MnistFormat.FASHION_MNIST_DIR, new AptInstaller(), System.err).locate(requested);
    }

    /**
     * The data in {@code requested}, or this locator's default (installed if possible) when it is null.
     *
     * @param requested the data directory, or null for the default
     * @return the data source
     * @throws IOException if the data is missing or not recognized ({@link DataFormatException},
     *         saying what to run or pass), or installing it fails
     */
    public DataSource locate(Path requested) throws IOException {
        if (requested != null) {
            return DataSource.detect(requested);
        }
        if (MnistFormat.isMnistDirectory(defaultDirectory)) {
            return DataSource.detect(defaultDirectory);
        }
        if (installer.canInstall()) {
            log.println("simdnn: Fashion-MNIST is not in " + defaultDirectory + "; installing the Debian package " + PACKAGE);
            installer.install(PACKAGE, log);
            if (MnistFormat.isMnistDirectory(defaultDirectory)) {
                return DataSource.detect(defaultDirectory);
            }
            throw new DataFormatException(defaultDirectory, "still no Fashion-MNIST IDX files after installing " + PACKAGE
                    + "; point --data at a directory with MNIST-style IDX files or CIFAR-10 binary batches");
        }
        throw new DataFormatException(defaultDirectory, "Fashion-MNIST not found. " + remedy());
    }

    /** What the user should run, for the machine at hand. */
    String remedy() {
        if (installer.hasApt()) {
            return "Install it with 'sudo apt-get install " + PACKAGE + "' (as root: 'apt-get install " + PACKAGE
                    + "'), or pass --data DIR with MNIST-style IDX files or CIFAR-10 binary batches.";
        }
        return "This machine has no apt-get: download the four Fashion-MNIST files (train-images-idx3-ubyte.gz, "
                + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) into a directory "
                + "and pass --data DIR.";
    }

    /** The real installer: apt-get update and install, as root. */
    static final class AptInstaller implements PackageInstaller {
        private static final Path APT_GET = Path.of("/usr/bin/apt-get");

        @Override
        public boolean hasApt() {
            return Files.isExecutable(APT_GET);
        }

        @Override
        public boolean canInstall() {
            return hasApt() && isRoot();
        }

        /** /proc/self belongs to the process's effective user; the user name is only a fallback off Linux. */
        private static boolean isRoot() {
            try {
                return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return "root".equals(System.getProperty("user.name"));
            }
        }

        @Override
        public void install(String packageName, PrintStream log) throws IOException {
            run(List.of(APT_GET.toString(), "update", "-qq"), log);
            run(List.of(APT_GET.toString(), "install", "-y", "-qq", packageName), log);
        }

        private static void run(List<String> command, PrintStream log) throws IOException {
            log.println("simdnn: running " + String.join(" ", command));
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
}
