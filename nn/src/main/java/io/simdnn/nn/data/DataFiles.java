package io.simdnn.nn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening data files that may be gzipped whatever their name says: the first two bytes decide. */
final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {}

    /**
     * A buffered stream of the file's content, decompressed when it starts with the gzip magic
     * bytes {@code 1f 8b}. Debian ships {@code .gz} files, users often have them unpacked, and some
     * downloads are gzipped without the suffix, so the extension is not trusted.
     */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(newInputStream(file), BUFFER);
        if (!isGzip(file)) {
            return raw;
        }
        try {
            return new StrictGzipInputStream(raw, BUFFER);
        } catch (IOException e) {
            raw.close();
            throw new DataFormatException(file, "corrupt gzip header: " + e.getMessage());
        }
    }

    /** Whether the file starts with the gzip magic bytes {@code 1f 8b}. */
    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /**
     * Opens the file, turning the operating system's refusals into messages that say what is wrong
     * (theirs are only the path).
     */
    static InputStream newInputStream(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file, "is a directory, not a data file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new DataFormatException(file, "permission denied");
        } catch (FileSystemException e) {
            throw new DataFormatException(file, e.getReason() == null ? "cannot be opened" : e.getReason());
        }
    }

    /** The file, or the one with {@code .gz} appended, whichever exists (the plain name first); null if neither. */
    static Path find(Path dir, String baseName) {
        for (String name : new String[] {baseName, baseName + ".gz"}) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
