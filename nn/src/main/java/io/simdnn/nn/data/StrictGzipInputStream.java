package io.simdnn.nn.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip (RFC 1952) and, unlike {@link java.util.zip.GZIPInputStream}, refuses anything
 * after the last member: the JDK stream silently drops trailing bytes that do not start a valid
 * member, so a damaged or appended-to file would load as if it were whole. Concatenated members
 * are accepted, as gzip itself does. Corrupt data is a {@link ZipException} with a message,
 * a stream that ends early an {@link EOFException}.
 */
final class StrictGzipInputStream extends InputStream {
    private static final int FLAG_HEADER_CRC = 2;
    private static final int FLAG_EXTRA = 4;
    private static final int FLAG_NAME = 8;
    private static final int FLAG_COMMENT = 16;
    private static final int RESERVED_FLAGS = 0xe0;

    private final PushbackInputStream in;
    private final byte[] input;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] single = new byte[1];
    /** How many bytes of {@link #input} the inflater was last given. */
    private int inputLength;
    private boolean ended;

    /**
     * Reads and checks the first member's header.
     *
     * @param compressed the gzip bytes (owned by this stream from now on)
     * @param bufferSize how many compressed bytes to read at a time
     * @throws ZipException  if the header is not gzip's
     * @throws EOFException  if the header is cut short
     * @throws IOException   if reading fails
     */
    StrictGzipInputStream(InputStream compressed, int bufferSize) throws IOException {
        in = new PushbackInputStream(compressed, bufferSize);
        input = new byte[bufferSize];
        readHeader();
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (inflater.needsInput()) {
                int n = in.read(input, 0, input.length);
                if (n < 0) {
                    throw new EOFException("truncated gzip stream");
                }
                inflater.setInput(input, 0, n);
                inputLength = n;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (java.util.zip.DataFormatException e) { // zlib's, not this package's
                throw new ZipException("invalid deflate data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("deflate data asks for a preset dictionary, which gzip does not allow");
            }
        }
        return -1;
    }

    /** Checks the member's trailer, then expects either the end of the file or another member. */
    private void endMember() throws IOException {
        int unused = inflater.getRemaining();
        if (unused > 0) {
            in.unread(input, inputLength - unused, unused); // the trailer and whatever follows it
        }
        long expectedCrc = readIntLittleEndian() & 0xffffffffL;
        long expectedSize = readIntLittleEndian() & 0xffffffffL;
        if (expectedCrc != crc.getValue()) {
            throw new ZipException("CRC-32 mismatch, the data is damaged");
        }
        if (expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException("length in the trailer does not match the data");
        }
        int next = in.read();
        if (next < 0) {
            ended = true;
            return;
        }
        in.unread(next);
        inflater.reset();
        crc.reset();
        try {
            readHeader();
        } catch (ZipException | EOFException e) {
            throw new ZipException("trailing bytes after the gzip data");
        }
    }

    private void readHeader() throws IOException {
        if (readByte() != 0x1f || readByte() != 0x8b) {
            throw new ZipException("not in gzip format");
        }
        if (readByte() != 8) {
            throw new ZipException("unsupported compression method");
        }
        int flags = readByte();
        if ((flags & RESERVED_FLAGS) != 0) {
            throw new ZipException("reserved header flags are set");
        }
        skip(6); // modification time, extra flags, operating system
        if ((flags & FLAG_EXTRA) != 0) {
            skip(readByte() | readByte() << 8);
        }
        if ((flags & FLAG_NAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FLAG_COMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FLAG_HEADER_CRC) != 0) {
            skip(2);
        }
    }

    private int readIntLittleEndian() throws IOException {
        return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("truncated gzip stream");
        }
        return b;
    }

    private void skip(int bytes) throws IOException {
        for (int i = 0; i < bytes; i++) {
            readByte();
        }
    }

    private void skipZeroTerminated() throws IOException {
        while (readByte() != 0) {
            // a file name or comment, of no use here
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
