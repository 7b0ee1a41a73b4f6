package io.simdnn.kernels.reference;

import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.Checks;
import java.lang.foreign.MemorySegment;

/** Scalar twin of {@link io.simdnn.kernels.Bias}. */
public final class ReferenceBias {
    private ReferenceBias() {}

    public static void addToRows(int rows, int cols, MemorySegment bias, long biasOffset,
                                 MemorySegment y, long yOffset, int ld) {
        Checks.vector("bias", bias, biasOffset, cols);
        Checks.matrix("Y", y, yOffset, rows, cols, ld);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long index = yOffset + (long) r * ld + c;
                Buffers.set(y, index, Buffers.get(y, index) + Buffers.get(bias, biasOffset + c));
            }
        }
    }

    /** Column sums accumulated in float, row after row, exactly as the kernel rounds. */
    public static void columnSums(int rows, int cols, MemorySegment x, long xOffset, int ld,
                                  MemorySegment sums, long sumsOffset) {
        Checks.matrix("X", x, xOffset, rows, cols, ld);
        Checks.vector("sums", sums, sumsOffset, cols);
        for (int c = 0; c < cols; c++) {
            float sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Buffers.get(x, xOffset + (long) r * ld + c);
            }
            Buffers.set(sums, sumsOffset + c, sum);
        }
    }
}
