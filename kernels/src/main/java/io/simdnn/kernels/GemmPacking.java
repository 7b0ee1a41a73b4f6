package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Copies blocks of A and B into the contiguous, zero-padded layouts the micro-kernel streams.
 * Transposes are absorbed here: the micro-kernel only ever sees op(A) and op(B).
 *
 * <p>A is copied row by row or, stored transposed, through the panel routine below; the
 * micro-kernel reads either sliver layout. B goes through the panel routine. View the block as a {@code kc x extent} matrix X
 * (X = op(B) for B; X = op(A)^T for A, so that p always runs along K) cut into slivers of
 * {@code width} columns (NR for B, MR for A). The packed sliver s holds X row by row:
 * {@code dst[s * width * kc + p * width + t] = X[p][s * width + t]}, with zeros past the edge, so
 * the micro-kernel always runs full tiles. Stored X is either row-contiguous (consecutive t are
 * adjacent: B as stored, A transposed) or column-contiguous (consecutive p are adjacent: B
 * transposed, A as stored). Row-contiguous panels are bulk-copied a row at a time into scratch
 * and split into slivers with array copies; column-contiguous ones are transposed element by
 * element in chunks of {@link #CHUNK} rows so the scattered writes stay in L1.
 */
final class GemmPacking {
    /** Depth of one transposing chunk: width x CHUNK floats of the destination stay in L1. */
    static final int CHUNK = 64;

    private GemmPacking() {}

    /**
     * Packs op(A)[i0 : i0 + mc, p0 : p0 + kc] into {@code ap} as MR-row slivers of {@code MR * kc}
     * floats, either column-major (the MR values of one p adjacent: what the micro-kernel streams
     * best) or row-major (each row's kc values adjacent). A stored K x M (transposed) packs
     * column-major by plain copies; A stored M x K packs row-major by plain copies, or column-major
     * by a scalar transposition. {@link #aStep} and {@link #aRowStride} tell the micro-kernel which.
     */
    static void packA(MemorySegment a, long aOffset, int lda, boolean transposed, boolean rowMajor,
                      int i0, int mc, int p0, int kc, int mr, float[] ap, float[] scratch) {
        if (transposed) {
            // X[p][i] = A[p0 + p][i0 + i] is row-contiguous: the shared panel routine copies it
            packPanel(a, aOffset + (long) p0 * lda + i0, lda, true, kc, mc, mr, ap, scratch);
            return;
        }
        if (!rowMajor) {
            // X[p][i] = A[i0 + i][p0 + p] is column-contiguous: the panel routine transposes
            packPanel(a, aOffset + (long) i0 * lda + p0, lda, false, kc, mc, mr, ap, scratch);
            return;
        }
        for (int s = 0, rowStart = 0; rowStart < mc; s++, rowStart += mr) {
            int rows = Math.min(mr, mc - rowStart);
            int base = s * mr * kc;
            for (int r = 0; r < rows; r++) {
                long from = aOffset + (long) (i0 + rowStart + r) * lda + p0;
                MemorySegment.copy(a, Buffers.FLOAT, from * Buffers.FLOAT_BYTES, ap, base + r * kc, kc);
            }
            java.util.Arrays.fill(ap, base + rows * kc, base + mr * kc, 0f);
        }
    }

    /** Distance in the packed A sliver between consecutive p of one row. */
    static int aStep(boolean rowMajor, int mr) {
        return rowMajor ? 1 : mr;
    }

    /** Distance in the packed A sliver between consecutive rows at one p. */
    static int aRowStride(boolean rowMajor, int kc) {
        return rowMajor ? kc : 1;
    }

    /** Packs op(B)[p0 : p0 + kc, j0 : j0 + nc] into {@code bp} as NR-wide slivers. */
    static void packB(MemorySegment b, long bOffset, int ldb, boolean transposed,
                      int p0, int kc, int j0, int nc, int nr, float[] bp, float[] scratch) {
        // X[p][j] = op(B)[p0 + p][j0 + j]: stored K x N (not transposed) it is row-contiguous
        long origin = transposed ? bOffset + (long) j0 * ldb + p0 : bOffset + (long) p0 * ldb + j0;
        packPanel(b, origin, ldb, !transposed, kc, nc, nr, bp, scratch);
    }

    /** Scratch floats {@link #packPanel} needs for a panel {@code extent} wide. */
    static int scratchSize(int extent, int width) {
        return extent;
    }

    /**
     * Packs the {@code kc x extent} matrix X stored at {@code origin} into width-wide slivers.
     * Row-contiguous: X[p][q] at {@code origin + p * ld + q}; otherwise at {@code origin + q * ld + p}.
     */
    static void packPanel(MemorySegment src, long origin, int ld, boolean rowContiguous,
                          int kc, int extent, int width, float[] dst, float[] scratch) {
        int slivers = (extent + width - 1) / width;
        if (rowContiguous) {
            for (int p = 0; p < kc; p++) {
                MemorySegment.copy(src, Buffers.FLOAT, (origin + (long) p * ld) * Buffers.FLOAT_BYTES, scratch, 0, extent);
                for (int s = 0; s < slivers; s++) {
                    int q0 = s * width;
                    int valid = Math.min(width, extent - q0);
                    int out = s * width * kc + p * width;
                    System.arraycopy(scratch, q0, dst, out, valid);
                    for (int t = valid; t < width; t++) {
                        dst[out + t] = 0f;
                    }
                }
            }
            return;
        }
        for (int s = 0; s < slivers; s++) {
            int q0 = s * width;
            int valid = Math.min(width, extent - q0);
            int sliverBase = s * width * kc;
            for (int pc = 0; pc < kc; pc += CHUNK) {
                int depth = Math.min(CHUNK, kc - pc);
                // read `depth` consecutive p of each column; the writes stay in a width x CHUNK
                // window of dst that fits in L1
                for (int t = 0; t < valid; t++) {
                    long from = origin + (long) (q0 + t) * ld + pc;
                    int out = sliverBase + pc * width + t;
                    for (int p = 0; p < depth; p++) {
                        dst[out + p * width] = src.getAtIndex(Buffers.FLOAT, from + p);
                    }
                }
                for (int t = valid; t < width; t++) {
                    int out = sliverBase + pc * width + t;
                    for (int p = 0; p < depth; p++) {
                        dst[out + p * width] = 0f;
                    }
                }
            }
        }
    }
}
