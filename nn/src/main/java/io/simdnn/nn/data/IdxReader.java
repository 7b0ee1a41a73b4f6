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

    private IdxReader() {}

    /**
     * The dimensions and unsigned-byte payload of one IDX file.
     *
     * @param dimensions the sizes from the header, outermost first (e.g. count, rows, columns)
     * @param data       the payload, row-major, one byte per element (read as unsigned)
     */
    public record IdxArray(int[] dimensions, byte[] data) {}

    /**
     * Reads and validates one IDX file of unsigned bytes, raw or gzipped.
     *
     * @param file the file
     * @return its dimensions and payload
     * @throws DataFormatException if the file is missing, empty, not an unsigned-byte IDX file of
     *         rank 1 to 4, truncated, longer than its header says, or corrupt gzip
     * @throws IOException if it cannot be read
     */
    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "file not found");
        }
        if (Files.size(file) == 0) {
            throw new DataFormatException(file, "file is empty");
        }
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
                if (elements > MAX_ELEMENTS) {
                    throw new DataFormatException(file, "header claims more than " + MAX_ELEMENTS + " elements");
                }
            }
            byte[] data = new byte[(int) elements];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new DataFormatException(file, "truncated: header promises " + data.length + " bytes of data, found " + read);
            }
            if (in.read() != -1) {
                throw new DataFormatException(file, "trailing bytes after the " + data.length + " bytes the header promises");
            }
            return new IdxArray(dimensions, data);
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated gzip stream");
        }
    }

}
