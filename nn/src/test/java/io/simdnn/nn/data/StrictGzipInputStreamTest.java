package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** Gzip members with every optional header field, and the damage the JDK's stream lets through. */
class StrictGzipInputStreamTest {
    private static final byte[] CONTENT = "the optional header fields of RFC 1952".getBytes(StandardCharsets.UTF_8);

    /** A member with FEXTRA, FNAME, FCOMMENT and FHCRC set, as some tools write it (the JDK's writer sets none). */
    private static byte[] memberWithEveryField(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});                              // extra field of 3 bytes
        out.writeBytes("name.idx\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {0x12, 0x34});                                        // header CRC (not checked)
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(content);
        writeIntLittleEndian(out, (int) crc.getValue());
        writeIntLittleEndian(out, content.length);
        return out.toByteArray();
    }

    private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
    }

    private static byte[] decompress(byte[] gzip, int bufferSize) throws IOException {
        try (InputStream in = new StrictGzipInputStream(new ByteArrayInputStream(gzip), bufferSize)) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyOptionalHeaderFieldIsSkippedAndMembersFollowOneAnother() throws IOException {
        byte[] member = memberWithEveryField(CONTENT);
        assertArrayEquals(CONTENT, decompress(member, 7)); // a small buffer: the trailer straddles reads
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(member);
        two.writeBytes(member);
        byte[] twice = new byte[2 * CONTENT.length];
        System.arraycopy(CONTENT, 0, twice, 0, CONTENT.length);
        System.arraycopy(CONTENT, 0, twice, CONTENT.length, CONTENT.length);
        assertArrayEquals(twice, decompress(two.toByteArray(), 1 << 16));
    }

    @Test
    void damageIsRefusedWithItsOwnMessage() {
        byte[] member = memberWithEveryField(CONTENT);
        byte[] wrongLength = member.clone();
        wrongLength[wrongLength.length - 4] ^= 1;
        assertEquals("length in the trailer does not match the data",
                assertThrows(ZipException.class, () -> decompress(wrongLength, 64)).getMessage());
        byte[] reserved = member.clone();
        reserved[3] |= 0x20;
        assertEquals("reserved header flags are set", assertThrows(ZipException.class, () -> decompress(reserved, 64)).getMessage());
        byte[] method = member.clone();
        method[2] = 7;
        assertEquals("unsupported compression method", assertThrows(ZipException.class, () -> decompress(method, 64)).getMessage());
        assertThrows(EOFException.class, () -> decompress(java.util.Arrays.copyOf(member, member.length - 1), 64));
        byte[] garbage = java.util.Arrays.copyOf(member, member.length + 1);
        assertEquals("trailing bytes after the gzip data", assertThrows(ZipException.class, () -> decompress(garbage, 64)).getMessage());
    }
}
