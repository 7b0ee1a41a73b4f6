package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.internal.checks.Checks;

/** Scalar twin of {@link io.simdnn.kernels.elementwise.Bias}. */
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

    public static void addToChannels(ChannelShape s, MemorySegment bias, MemorySegment y) {
        Checks.vector("bias", bias, 0, s.channels());
        Checks.vector("Y", y, 0, s.size());
        for (int n = 0; n < s.batch(); n++) {
            for (int c = 0; c < s.channels(); c++) {
                for (int i = 0; i < s.spatial(); i++) {
                    long index = (long) s.runStart(n, c) + i;
                    Buffers.set(y, index, Buffers.get(y, index) + Buffers.get(bias, c));
                }
            }
        }
    }

    /** Channel sums in double, one rounding per channel. */
    public static void channelSums(ChannelShape s, MemorySegment x, MemorySegment sums) {
        Checks.vector("X", x, 0, s.size());
        Checks.vector("sums", sums, 0, s.channels());
        for (int c = 0; c < s.channels(); c++) {
            double sum = 0;
            for (int n = 0; n < s.batch(); n++) {
                for (int i = 0; i < s.spatial(); i++) {
                    sum += Buffers.get(x, (long) s.runStart(n, c) + i);
                }
            }
            Buffers.set(sums, c, (float) sum);
        }
    }
}
