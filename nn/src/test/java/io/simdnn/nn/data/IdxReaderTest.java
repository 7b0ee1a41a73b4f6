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
        assertEquals(missing + ": no such file", errorOf(() -> IdxReader.read(missing)));
        assertEquals(dir + ": is a directory, not a data file", errorOf(() -> IdxReader.read(dir)));
    }

    @Test
    void headerProblemsAreNamedToo() throws IOException {
        Path shortHeader = write("short-header", new byte[] {0, 0, 8, 3, 0, 0, 0, 5}, false);
        assertTrue(errorOf(() -> IdxReader.read(shortHeader)).contains("truncated inside the header"));

        Path trailing = write("trailing", TinyData.idx(8, new int[] {2}, new byte[] {1, 2, 3}), false);
        assertTrue(errorOf(() -> IdxReader.read(trailing)).contains("trailing bytes: header claims 2 (2 bytes of data) but the file holds 3"));

        Path zeroDimension = write("zero", TinyData.idx(8, new int[] {0, 3}, new byte[0]), false);
        assertTrue(errorOf(() -> IdxReader.read(zeroDimension)).contains("dimension 0 is 0"));

        Path notGzip = dir.resolve("garbage.gz");
        Files.write(notGzip, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        String garbage = errorOf(() -> IdxReader.read(notGzip));
        assertTrue(garbage.contains("gzip") && garbage.startsWith(notGzip.toString()), garbage);
    }

    @Test
    void aHeaderClaimIsCheckedAgainstTheFileBeforeAnythingIsAllocated() throws IOException {
        // 800 MB, under the limit: a raw file is measured, a gzipped one read only as far as it goes
        byte[] claim = TinyData.idx(8, new int[] {1, 20000, 40000}, new byte[1000]);
        Path raw = write("claim", claim, false);
        assertEquals(raw + ": truncated: header claims 1 x 20000 x 40000 (800000000 bytes of data) but the file holds 1000",
                errorOf(() -> IdxReader.read(raw)));
        Path gz = write("claim.gz", claim, true);
        assertEquals(gz + ": truncated: header claims 1 x 20000 x 40000 (800000000 bytes of data) but the file holds 1000",
                errorOf(() -> IdxReader.read(gz)));

        Path huge = write("huge.gz", TinyData.idx(8, new int[] {46340, 46340}, new byte[1000]), true);
        assertEquals(huge + ": header claims 46340 x 46340 (more than the limit of 1073741824 bytes)",
                errorOf(() -> IdxReader.read(huge)));
        Path small = write("small.gz", TinyData.idx(8, new int[] {10, 10}, new byte[100]), true);
        assertEquals(small + ": header claims 10 x 10 (more than the limit of 99 bytes)",
                errorOf(() -> IdxReader.read(small, 99)));
        assertEquals(100, IdxReader.read(small, 100).data().length);
    }

    @Test
    void gzipMustEndWithItsLastMember() throws IOException {
        byte[] content = TinyData.idx(8, new int[] {3}, new byte[] {1, 2, 3});
        byte[] gz = Files.readAllBytes(write("one.gz", content, true));
        Path garbage = Files.write(dir.resolve("garbage-after.gz"), concat(gz, new byte[] {0, 0, 0, 0}));
        assertEquals(garbage + ": corrupt gzip data: trailing bytes after the gzip data", errorOf(() -> IdxReader.read(garbage)));

        // as gzip itself does, members one after the other are one stream
        byte[] head = java.util.Arrays.copyOf(content, 8);
        byte[] tail = java.util.Arrays.copyOfRange(content, 8, content.length);
        Path members = Files.write(dir.resolve("members.gz"), concat(Files.readAllBytes(write("head.gz", head, true)),
                Files.readAllBytes(write("tail.gz", tail, true))));
        assertArrayEquals(new byte[] {1, 2, 3}, IdxReader.read(members).data());

        byte[] badCrc = gz.clone();
        badCrc[badCrc.length - 8] ^= 1;
        Path corrupt = Files.write(dir.resolve("crc.gz"), badCrc);
        assertEquals(corrupt + ": corrupt gzip data: CRC-32 mismatch, the data is damaged", errorOf(() -> IdxReader.read(corrupt)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
