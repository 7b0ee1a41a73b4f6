package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of A and B into the contiguous, zero-padded layouts the micro-kernel streams.
 * Transposes are absorbed here: the micro-kernel only ever sees op(A) and op(B).
 *
 * <p>View the block as a {@code kc x extent} matrix X (X = op(B) for B; X = op(A)^T for A, so
 * that p always runs along K) cut into slivers of {@code width} columns (NR for B, MR for A). The
 * packed sliver s holds X row by row: float {@code s * width * kc + p * width + t} of the
 * destination is {@code X[p][s * width + t]}, with zeros past the edge, so the micro-kernel always
 * runs full tiles. Stored X is either row-contiguous (consecutive t are adjacent: B as stored, A
 * transposed) or column-contiguous (consecutive p are adjacent: B transposed, A as stored).
 * Row-contiguous panels are moved a vector at a time, each source row read once front to back;
 * column-contiguous ones are transposed element by element in chunks of {@link #CHUNK} rows so the
 * scattered writes stay in L1.
 */
final class GemmPacking {
    /** Depth of one transposing chunk: width x CHUNK floats of the destination stay in L1. */
    static final int CHUNK = 64;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private GemmPacking() {}

    /**
     * Packs op(A)[i0 : i0 + mc, p0 : p0 + kc] into {@code ap} as column-major MR-row slivers of
     * {@code MR * kc} floats (the MR values of one p adjacent).
     */
    static void packA(MemorySegment a, long aOffset, int lda, boolean transposed,
                      int i0, int mc, int p0, int kc, int mr, MemorySegment ap) {
        // X[p][i] = op(A)[i0 + i][p0 + p]: stored K x M (transposed) it is row-contiguous
        long origin = transposed ? aOffset + (long) p0 * lda + i0 : aOffset + (long) i0 * lda + p0;
        packPanel(a, origin, lda, transposed, kc, mc, mr, ap);
    }

    /** Packs op(B)[p0 : p0 + kc, j0 : j0 + nc] into {@code bp} as NR-wide slivers. */
    static void packB(MemorySegment b, long bOffset, int ldb, boolean transposed,
                      int p0, int kc, int j0, int nc, int nr, MemorySegment bp) {
        // X[p][j] = op(B)[p0 + p][j0 + j]: stored K x N (not transposed) it is row-contiguous
        long origin = transposed ? bOffset + (long) j0 * ldb + p0 : bOffset + (long) p0 * ldb + j0;
        packPanel(b, origin, ldb, !transposed, kc, nc, nr, bp);
    }

    /**
     * Packs the {@code kc x extent} matrix X stored at {@code origin} into width-wide slivers.
     * Row-contiguous: X[p][q] at {@code origin + p * ld + q}; otherwise at {@code origin + q * ld + p}.
     */
    static void packPanel(MemorySegment src, long origin, int ld, boolean rowContiguous,
                          int kc, int extent, int width, MemorySegment dst) {
        if (rowContiguous) {
            packRowContiguous(src, origin, ld, kc, extent, width, dst);
        } else {
            packColumnContiguous(src, origin, ld, kc, extent, width, dst);
        }
    }

    /**
     * Each row of X is read once, front to back, and its slivers' pieces are moved with vector
     * loads and stores: lanes past the panel's edge are loaded as zeros, lanes past the sliver's
     * width (a 12-wide A sliver in 16-lane vectors) are not stored.
     */
    private static void packRowContiguous(MemorySegment src, long origin, int ld, int kc, int extent, int width,
                                          MemorySegment dst) {
        int slivers = (extent + width - 1) / width;
        for (int p = 0; p < kc; p++) {
            long rowBytes = (origin + (long) p * ld) * Buffers.FLOAT_BYTES;
            for (int s = 0; s < slivers; s++) {
                int q0 = s * width;
                int valid = Math.min(width, extent - q0);
                long out = ((long) s * width * kc + (long) p * width) * Buffers.FLOAT_BYTES;
                for (int t = 0; t < width; t += LANES) {
                    long from = rowBytes + (long) (q0 + t) * Buffers.FLOAT_BYTES;
                    long to = out + (long) t * Buffers.FLOAT_BYTES;
                    int lanes = Math.min(LANES, width - t);
                    int loaded = Math.max(0, Math.min(lanes, valid - t));
                    if (loaded == LANES) {
                        FloatVector.fromMemorySegment(SPECIES, src, from, ORDER).intoMemorySegment(dst, to, ORDER);
                    } else {
                        VectorMask<Float> stored = SPECIES.indexInRange(0, lanes);
                        FloatVector.fromMemorySegment(SPECIES, src, from, ORDER, SPECIES.indexInRange(0, loaded))
                                .intoMemorySegment(dst, to, ORDER, stored);
                    }
                }
            }
        }
    }

    /**
     * Reads {@link #CHUNK} consecutive p of each column and scatters them at stride {@code width};
     * the writes stay in a {@code width x CHUNK} window of the destination that fits in L1.
     */
    private static void packColumnContiguous(MemorySegment src, long origin, int ld, int kc, int extent, int width,
                                             MemorySegment dst) {
        int slivers = (extent + width - 1) / width;
        for (int s = 0; s < slivers; s++) {
            int q0 = s * width;
            int valid = Math.min(width, extent - q0);
            long sliverBase = (long) s * width * kc;
            for (int pc = 0; pc < kc; pc += CHUNK) {
                int depth = Math.min(CHUNK, kc - pc);
                for (int t = 0; t < width; t++) {
                    long out = sliverBase + (long) pc * width + t;
                    if (t < valid) {
                        long from = origin + (long) (q0 + t) * ld + pc;
                        for (int p = 0; p < depth; p++) {
                            dst.setAtIndex(Buffers.FLOAT, out + (long) p * width, src.getAtIndex(Buffers.FLOAT, from + p));
                        }
                    } else {
                        for (int p = 0; p < depth; p++) {
                            dst.setAtIndex(Buffers.FLOAT, out + (long) p * width, 0f);
                        }
                    }
                }
            }
        }
    }
}
