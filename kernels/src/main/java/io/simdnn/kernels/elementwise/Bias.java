package io.simdnn.kernels.elementwise;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.ChannelKernels;
import io.simdnn.kernels.internal.ElementwiseKernels;
import io.simdnn.kernels.internal.checks.Checks;
import io.simdnn.kernels.reference.ReferenceBias;

/**
 * Bias addition and its gradient: over the rows of a matrix (dense layers; the gradient is the
 * column sums) and over the channels of an {@code N x C x S} tensor (the gradient is the channel
 * sums). Arguments are checked before anything is written; a vector or matrix that does not fit
 * its segment is an {@link IllegalArgumentException}.
 */
public final class Bias {
    private Bias() {}

    /**
     * {@code Y[r][c] += bias[c]} for the {@code rows x cols} matrix Y (leading dimension ld).
     * Writes Y only, in place; bias must not overlap Y.
     *
     * @param rows       rows of Y, at least 0
     * @param cols       columns of Y and length of the bias, at least 0
     * @param bias       the bias, read only
     * @param biasOffset element index of the bias's first float
     * @param y          the matrix Y, updated in place
     * @param yOffset    element index of Y[0][0]
     * @param ld         floats between consecutive rows of Y, at least {@code cols}
     * @throws IllegalArgumentException if a vector or matrix does not fit its segment or is misaligned, or Y overlaps the bias
     */
    public static void addToRows(int rows, int cols, MemorySegment bias, long biasOffset,
                                 MemorySegment y, long yOffset, int ld) {
        Checks.vector("bias", bias, biasOffset, cols);
        Checks.matrix("Y", y, yOffset, rows, cols, ld);
        Checks.noOverlap("Y", y, yOffset, Checks.extentEnd(yOffset, rows, cols, ld), "bias", bias, biasOffset, biasOffset + cols);
        if (!VectorSupport.isEnabled()) {
            ReferenceBias.addToRows(rows, cols, bias, biasOffset, y, yOffset, ld);
            return;
        }
        ElementwiseKernels.addBiasToRows(rows, cols, bias, biasOffset, y, yOffset, ld);
    }

    /**
     * {@code sums[c] = sum over r of X[r][c]} (overwrites sums), rows added in order: the bias
     * gradient of a dense layer. Writes sums only; sums must not overlap X (checked).
     *
     * @param rows       rows of X, at least 0 (with 0 the sums are 0)
     * @param cols       columns of X and length of sums, at least 0
     * @param x          the matrix X, read only
     * @param xOffset    element index of X[0][0]
     * @param ld         floats between consecutive rows of X, at least {@code cols}
     * @param sums       receives the column sums, overwritten
     * @param sumsOffset element index of the first sum
     * @throws IllegalArgumentException if a vector or matrix does not fit its segment, or sums overlaps X
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

    /**
     * {@code y[n, c, s] += bias[c]} for the {@link ChannelShape} tensor y (starting at element 0).
     * Writes y only, in place; bias must not overlap y.
     *
     * @param s    the tensor's geometry, {@code N x C x S}
     * @param bias the bias, C floats from element 0, read only
     * @param y    the tensor, {@code N x C x S} from element 0, updated in place
     * @throws IllegalArgumentException if a segment is too small or misaligned, or Y overlaps the bias
     */
    public static void addToChannels(ChannelShape s, MemorySegment bias, MemorySegment y) {
        if (!Checks.fits(bias, 0, s.channels()) || !Checks.fits(y, 0, s.size())) { // messages name the shape: built only on failure
            Checks.vector("bias (one per channel of " + s + ")", bias, 0, s.channels());
            Checks.vector("Y (" + s + ")", y, 0, s.size());
        }
        Checks.noOverlap("Y", y, 0, s.size(), "bias", bias, 0, s.channels());
        if (!VectorSupport.isEnabled()) {
            ReferenceBias.addToChannels(s, bias, y);
            return;
        }
        addToChannelsVector(s, bias, y);
    }

    /**
     * {@code sums[c] = sum over n and s of x[n, c, s]} (overwrites sums): the gradient of
     * {@link #addToChannels}. With {@code S == 1} these are {@link #columnSums}, rounded alike; with
     * {@code S > 1} each run of S values is summed in vector lanes and the runs in double. Writes
     * sums only; sums must not overlap x (checked).
     *
     * @param s    the tensor's geometry, {@code N x C x S}
     * @param x    the tensor, {@code N x C x S} from element 0, read only
     * @param sums receives C sums from element 0, overwritten
     * @throws IllegalArgumentException if a segment is too small or sums overlaps x
     */
    public static void channelSums(ChannelShape s, MemorySegment x, MemorySegment sums) {
        if (!Checks.fits(x, 0, s.size()) || !Checks.fits(sums, 0, s.channels())) {
            Checks.vector("X (" + s + ")", x, 0, s.size());
            Checks.vector("sums (one per channel of " + s + ")", sums, 0, s.channels());
        }
        Checks.noOverlap("sums", sums, 0, s.channels(), "X", x, 0, s.size());
        if (!VectorSupport.isEnabled()) {
            ReferenceBias.channelSums(s, x, sums);
            return;
        }
        channelSumsVector(s, x, sums);
    }

    /** {@code y[n, c, :] += bias[c]}. */
    private static void addToChannelsVector(ChannelShape s, MemorySegment bias, MemorySegment y) {
        if (s.spatial() == 1) {
            ElementwiseKernels.addBiasToRows(s.batch(), s.channels(), bias, 0, y, 0, s.channels());
            return;
        }
        for (int n = 0; n < s.batch(); n++) {
            for (int c = 0; c < s.channels(); c++) {
                // (y - 0) * 1 + b rounds exactly like y + b
                ChannelKernels.runAffine(y, y, s.runStart(n, c), s.spatial(), 0f, 1f, Buffers.get(bias, c));
            }
        }
    }

    /** {@code sums[c] = sum over n, s of x[n, c, s]}: float lanes within a run, runs added in double, n ascending. */
    private static void channelSumsVector(ChannelShape s, MemorySegment x, MemorySegment sums) {
        if (s.spatial() == 1) {
            ElementwiseKernels.columnSums(s.batch(), s.channels(), x, 0, s.channels(), sums, 0);
            return;
        }
        for (int c = 0; c < s.channels(); c++) {
            double sum = 0;
            for (int n = 0; n < s.batch(); n++) {
                sum += ChannelKernels.runSum(x, s.runStart(n, c), s.spatial());
            }
            Buffers.set(sums, c, (float) sum);
        }
    }
}
