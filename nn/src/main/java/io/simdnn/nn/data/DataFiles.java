package io.simdnn.nn.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

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
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        if (first != 0x1f || second != 0x8b) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, BUFFER);
        } catch (IOException e) {
            raw.close();
            throw new DataFormatException(file, "corrupt gzip header (" + e.getMessage() + ")");
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
