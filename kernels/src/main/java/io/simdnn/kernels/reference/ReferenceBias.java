package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.internal.checks.Checks;

/** Scalar twin of {@link io.simdnn.kernels.elementwise.Bias}. */
public final class ReferenceBias {
    private ReferenceBias() {}

    /**
     * {@code Y[r][c] += bias[c]} for the {@code rows x cols} matrix Y. Writes Y only, in place.
     *
     * @param rows       rows of Y, at least 0
     * @param cols       columns of Y and length of the bias, at least 0
     * @param bias       the bias, read only
     * @param biasOffset element index of the bias's first float
     * @param y          the matrix Y, updated in place
     * @param yOffset    element index of Y[0][0]
     * @param ld         floats between consecutive rows of Y, at least {@code cols}
     * @throws IllegalArgumentException if a vector or matrix does not fit its segment
     */
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

    /**
     * Column sums accumulated in float, row after row, exactly as the kernel rounds:
     * {@code sums[c] = sum over r of X[r][c]}. Writes sums only.
     *
     * @param rows       rows of X, at least 0 (with 0 the sums are 0)
     * @param cols       columns of X and length of sums, at least 0
     * @param x          the matrix X, read only
     * @param xOffset    element index of X[0][0]
     * @param ld         floats between consecutive rows of X, at least {@code cols}
     * @param sums       receives the column sums, overwritten
     * @param sumsOffset element index of the first sum
     * @throws IllegalArgumentException if a vector or matrix does not fit its segment (an overlap is not checked)
     */
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

    /**
     * {@code y[n, c, s] += bias[c]}. Writes y only, in place.
     *
     * @param s    the tensor's geometry, {@code N x C x S}
     * @param bias the bias, C floats from element 0, read only
     * @param y    the tensor, {@code N x C x S} from element 0, updated in place
     * @throws IllegalArgumentException if a segment is too small
     */
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

    /**
     * Channel sums in double, one rounding per channel: {@code sums[c] = sum over n and s of x[n, c, s]}.
     * Writes sums only.
     *
     * @param s    the tensor's geometry, {@code N x C x S}
     * @param x    the tensor, {@code N x C x S} from element 0, read only
     * @param sums receives C sums from element 0, overwritten
     * @throws IllegalArgumentException if a segment is too small (an overlap is not checked)
     */
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
