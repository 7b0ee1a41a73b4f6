package io.simdnn.kernels;

import io.simdnn.kernels.internal.Checks;
import io.simdnn.kernels.reference.ReferenceBias;
import java.lang.foreign.MemorySegment;

/** Bias addition over the rows of a matrix, and its gradient, the column sums. */
public final class Bias {
    private Bias() {}

    /**
     * {@code Y[r][c] += bias[c]} for the {@code rows x cols} matrix Y (leading dimension ld).
     * Writes Y only.
     */
    public static void addToRows(int rows, int cols, MemorySegment bias, long biasOffset,
                                 MemorySegment y, long yOffset, int ld) {
        Checks.vector("bias", bias, biasOffset, cols);
        Checks.matrix("Y", y, yOffset, rows, cols, ld);
        if (!VectorSupport.isEnabled()) {
            ReferenceBias.addToRows(rows, cols, bias, biasOffset, y, yOffset, ld);
            return;
        }
        ElementwiseKernels.addBiasToRows(rows, cols, bias, biasOffset, y, yOffset, ld);
    }

    /**
     * {@code sums[c] = sum over r of X[r][c]} (overwrites sums), rows added in order: the bias
     * gradient of a dense layer. Writes sums only; sums must not overlap X.
     */
    public static void columnSums(int rows, int cols, MemorySegment x, long xOffset, int ld,
                                  MemorySegment sums, long sumsOffset) {
        Checks.matrix("X", x, xOffset, rows, cols, ld);
        Checks.vector("sums", sums, sumsOffset, cols);
        Checks.noOverlap("sums", sums, sumsOffset, sumsOffset + cols, "X", x, xOffset, Checks.extentEnd(xOffset, rows, cols, ld));
        if (!VectorSupport.isEnabled()) {
            ReferenceBias.columnSums(rows, cols, x, xOffset, ld, sums, sumsOffset);
            return;
        }
        ElementwiseKernels.columnSums(rows, cols, x, xOffset, ld, sums, sumsOffset);
    }
}
