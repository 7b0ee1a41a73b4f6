package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies blocks of A and B into the contiguous, zero-padded layouts the micro-kernel streams.
 * Transposes are absorbed here: the micro-kernel only ever sees op(A) and op(B).
 *
 * <p>Packed A: {@code ceil(mc / MR)} slivers, each {@code kc x MR} with the MR values of one
 * column of op(A) adjacent ({@code ap[s * MR * kc + p * MR + r]}). Packed B: {@code ceil(nc / NR)}
 * slivers, each {@code kc x NR} with the NR values of one row of op(B) adjacent
 * ({@code bp[s * NR * kc + p * NR + c]}). Rows or columns past the matrix edge are zeros, so the
 * micro-kernel always runs full tiles.
 */
final class GemmPacking {
    private static final ValueLayout.OfFloat FLOAT = Buffers.FLOAT;

    private GemmPacking() {}

    /** Packs op(A)[i0 : i0 + mc, p0 : p0 + kc] into {@code ap}. */
    static void packA(MemorySegment a, long aOffset, int lda, boolean transposed,
                      int i0, int mc, int p0, int kc, int mr, float[] ap) {
        for (int s = 0, rowStart = 0; rowStart < mc; s++, rowStart += mr) {
            int rows = Math.min(mr, mc - rowStart);
            int base = s * mr * kc;
            if (transposed) {
                // stored K x M: a column of op(A) is contiguous in memory along the sliver's rows
                for (int p = 0; p < kc; p++) {
                    long src = aOffset + (long) (p0 + p) * lda + i0 + rowStart;
                    int dst = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        ap[dst + r] = a.getAtIndex(FLOAT, src + r);
                    }
                    for (int r = rows; r < mr; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            } else {
                // stored M x K: read each row contiguously, scatter with stride MR
                for (int r = 0; r < rows; r++) {
                    long src = aOffset + (long) (i0 + rowStart + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * mr + r] = a.getAtIndex(FLOAT, src + p);
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(B)[p0 : p0 + kc, j0 : j0 + nc] into {@code bp}. */
    static void packB(MemorySegment b, long bOffset, int ldb, boolean transposed,
                      int p0, int kc, int j0, int nc, int nr, float[] bp) {
        for (int s = 0, colStart = 0; colStart < nc; s++, colStart += nr) {
            int cols = Math.min(nr, nc - colStart);
            int base = s * nr * kc;
            if (transposed) {
                // stored N x K: a column of op(B) is a contiguous stored row
                for (int c = 0; c < cols; c++) {
                    long src = bOffset + (long) (j0 + colStart + c) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + c] = b.getAtIndex(FLOAT, src + p);
                    }
                }
                for (int c = cols; c < nr; c++) {
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + c] = 0f;
                    }
                }
            } else {
                // stored K x N: each row of the sliver is one contiguous run
                for (int p = 0; p < kc; p++) {
                    long src = bOffset + (long) (p0 + p) * ldb + j0 + colStart;
                    int dst = base + p * nr;
                    MemorySegment.copy(b, FLOAT, src * Buffers.FLOAT_BYTES, bp, dst, cols);
                    for (int c = cols; c < nr; c++) {
                        bp[dst + c] = 0f;
                    }
                }
            }
        }
    }
}
