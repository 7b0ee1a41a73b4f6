package io.simdnn.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type
 * byte, the number of dimensions, then each dimension as a 32-bit integer) followed by the data.
 * Only unsigned bytes (type 0x08) occur in these data sets. Files may be gzipped; that is detected
 * from the gzip magic bytes, not the file name.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    /** Refuse absurd headers before allocating: a corrupt count must not become an OutOfMemoryError. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /**
     * The most payload a file may declare unless the caller sets another limit: 1 GiB, 21 times
     * the largest IDX data set (MNIST's 47 MB of training images) and within a default heap.
     */
    public static final long DEFAULT_MAX_DATA_BYTES = 1L << 30;

    private IdxReader() {}

    /**
     * The dimensions and unsigned-byte payload of one IDX file.
     *
     * @param dimensions the sizes from the header, outermost first (e.g. count, rows, columns)
     * @param data       the payload, row-major, one byte per element (read as unsigned)
     */
    public record IdxArray(int[] dimensions, byte[] data) {}

    /**
     * Reads and validates one IDX file of unsigned bytes, raw or gzipped, with at most
     * {@link #DEFAULT_MAX_DATA_BYTES} of data.
     *
     * @param file the file
     * @return its dimensions and payload
     * @throws DataFormatException if the file is missing, unreadable, a directory, empty, not an
     *         unsigned-byte IDX file of rank 1 to 4, truncated, longer than its header says, corrupt
     *         gzip, or declares more data than the limit
     * @throws IOException if it cannot be read
     */
    public static IdxArray read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_DATA_BYTES);
    }

    /**
     * Reads and validates one IDX file of unsigned bytes, raw or gzipped. Nothing is allocated on
     * the header's word alone: a raw file's declared size is compared with its length first, and
     * gzipped data is read incrementally, so memory grows only with what the file really holds.
     *
     * @param file         the file
     * @param maxDataBytes the most payload bytes accepted (a header declaring more is refused)
     * @return its dimensions and payload
     * @throws DataFormatException as {@link #read(Path)}, also when the header declares more than
     *         {@code maxDataBytes}
     * @throws IOException if it cannot be read
     */
    public static IdxArray read(Path file, long maxDataBytes) throws IOException {
        boolean gzip = DataFiles.isGzip(file);
        long fileSize = Files.size(file);
        if (fileSize == 0) {
            throw new DataFormatException(file, "file is empty");
        }
        long limit = Math.min(maxDataBytes, MAX_ELEMENTS);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(DataFiles.open(file), 1 << 16))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(file, "truncated: no complete IDX header");
            }
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != UNSIGNED_BYTE) {
                throw new DataFormatException(file, String.format("not an unsigned-byte IDX file (magic 0x%08x, expected 0x0000080N)", magic));
            }
            int rank = magic & 0xff;
            if (rank < 1 || rank > 4) {
                throw new DataFormatException(file, "IDX rank " + rank + " is not between 1 and 4");
            }
            int[] dimensions = new int[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                try {
                    dimensions[d] = in.readInt();
                } catch (EOFException e) {
                    throw new DataFormatException(file, "truncated inside the header");
                }
                if (dimensions[d] <= 0) {
                    throw new DataFormatException(file, "dimension " + d + " is " + dimensions[d] + ", must be >= 1");
                }
                elements *= dimensions[d];
                if (elements > limit) {
                    throw new DataFormatException(file, "header claims " + describe(dimensions, d) + " (more than the limit of "
                            + limit + " bytes)");
                }
            }
            long headerBytes = 4L + 4L * rank;
            if (!gzip && headerBytes + elements != fileSize) {
                throw new DataFormatException(file, (headerBytes + elements > fileSize ? "truncated" : "trailing bytes")
                        + ": header claims " + describe(dimensions, rank - 1) + " (" + elements
                        + " bytes of data) but the file holds " + (fileSize - headerBytes));
            }
            // read incrementally: a gzipped file's length says nothing about what it decompresses to
            byte[] data = in.readNBytes((int) elements);
            if (data.length < elements) {
                throw new DataFormatException(file, "truncated: header claims " + describe(dimensions, rank - 1) + " ("
                        + elements + " bytes of data) but the file holds " + data.length);
            }
            if (in.read() != -1) {
                throw new DataFormatException(file, "trailing bytes after the " + data.length + " bytes the header promises");
            }
            return new IdxArray(dimensions, data);
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data: " + e.getMessage());
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated gzip stream");
        }
    }

    /** The first {@code upTo + 1} dimensions as {@code a x b x c}. */
    private static String describe(int[] dimensions, int upTo) {
        StringBuilder text = new StringBuilder();
        for (int d = 0; d <= upTo; d++) {
            text.append(d == 0 ? "" : " x ").append(dimensions[d]);
        }
        return text.toString();
    }

}
