package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files, good and bad, generated small by {@link TinyData}. */
class IdxReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        return TinyData.write(dir.resolve(name), content, gzip);
    }

    private String errorOf(org.junit.jupiter.api.function.Executable load) {
        return assertThrows(DataFormatException.class, load).getMessage();
    }

    @Test
    void readsRawAndGzippedFilesAlike() throws IOException {
        byte[] content = TinyData.idx(8, new int[] {2, 2}, new byte[] {0, 1, (byte) 255, 7});
        IdxReader.IdxArray raw = IdxReader.read(write("raw", content, false));
        IdxReader.IdxArray gz = IdxReader.read(write("packed.bin", content, true)); // gzip found by magic, not name
        assertArrayEquals(new int[] {2, 2}, raw.dimensions());
        assertArrayEquals(raw.data(), gz.data());
        assertEquals((byte) 255, raw.data()[2]);
    }

    @Test
    void eachBadFileGivesOneClearError() throws IOException {
        Path empty = write("empty", new byte[0], false);
        assertTrue(errorOf(() -> IdxReader.read(empty)).contains("empty"));

        Path wrongMagic = write("magic", TinyData.idx(0x0D, new int[] {1}, new byte[4]), false);
        assertTrue(errorOf(() -> IdxReader.read(wrongMagic)).contains("not an unsigned-byte IDX file"));

        byte[] full = TinyData.idx(8, new int[] {10, 2, 2}, new byte[40]);
        Path truncated = write("truncated", java.util.Arrays.copyOf(full, full.length - 5), false);
        String message = errorOf(() -> IdxReader.read(truncated));
        assertTrue(message.contains("truncated") && message.contains(truncated.toString()), message);

        Path truncatedGzip = dir.resolve("truncated.gz");
        byte[] gz = Files.readAllBytes(write("whole.gz", full, true));
        Files.write(truncatedGzip, java.util.Arrays.copyOf(gz, gz.length / 2));
        assertTrue(errorOf(() -> IdxReader.read(truncatedGzip)).contains("truncated"));

        Path huge = write("huge", TinyData.idx(8, new int[] {100000, 100000, 100}, new byte[0]), false);
        assertTrue(errorOf(() -> IdxReader.read(huge)).contains("more than"));

        Path missing = dir.resolve("nope");
        assertTrue(errorOf(() -> IdxReader.read(missing)).contains("not found"));
    }

    @Test
    void headerProblemsAreNamedToo() throws IOException {
        Path shortHeader = write("short-header", new byte[] {0, 0, 8, 3, 0, 0, 0, 5}, false);
        assertTrue(errorOf(() -> IdxReader.read(shortHeader)).contains("truncated inside the header"));

        Path trailing = write("trailing", TinyData.idx(8, new int[] {2}, new byte[] {1, 2, 3}), false);
        assertTrue(errorOf(() -> IdxReader.read(trailing)).contains("trailing bytes after the 2 bytes"));

        Path zeroDimension = write("zero", TinyData.idx(8, new int[] {0, 3}, new byte[0]), false);
        assertTrue(errorOf(() -> IdxReader.read(zeroDimension)).contains("dimension 0 is 0"));

        Path notGzip = dir.resolve("garbage.gz");
        Files.write(notGzip, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        String garbage = errorOf(() -> IdxReader.read(notGzip));
        assertTrue(garbage.contains("gzip") && garbage.startsWith(notGzip.toString()), garbage);
    }
}
