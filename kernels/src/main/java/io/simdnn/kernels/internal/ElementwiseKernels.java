package io.simdnn.kernels.internal;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies shared by several kernel families (bias rows and column sums, sums, sums of
 * squares, element-wise adds): one pass over memory, full vectors in the main loop, scalar tails.
 * Arguments are validated by the public classes that call these. Bound by memory bandwidth, not
 * arithmetic.
 */
public final class ElementwiseKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private ElementwiseKernels() {}

    private static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER);
    }

    /** {@code y[r][c] += bias[c]} for an {@code rows x cols} block with leading dimension ld. */
    public static void addBiasToRows(int rows, int cols, MemorySegment bias, long biasOffset,
                              MemorySegment y, long yOffset, int ld) {
        for (int r = 0; r < rows; r++) {
            long row = yOffset + (long) r * ld;
            int c = 0;
            for (int bound = SPECIES.loopBound(cols); c < bound; c += LANES) {
                load(y, row + c).add(load(bias, biasOffset + c)).intoMemorySegment(y, (row + c) * F, ORDER);
            }
            for (; c < cols; c++) {
                y.setAtIndex(JAVA_FLOAT, row + c, y.getAtIndex(JAVA_FLOAT, row + c) + bias.getAtIndex(JAVA_FLOAT, biasOffset + c));
            }
        }
    }

    /**
     * {@code sums[c] = sum_r x[r][c]}, rows added in order 0, 1, ... for every column (so the
     * vector and scalar columns round alike).
     */
    public static void columnSums(int rows, int cols, MemorySegment x, long xOffset, int ld, MemorySegment sums, long sumsOffset) {
        Zeros.fill(sums, sumsOffset, cols);
        for (int r = 0; r < rows; r++) {
            long row = xOffset + (long) r * ld;
            int c = 0;
            for (int bound = SPECIES.loopBound(cols); c < bound; c += LANES) {
                load(sums, sumsOffset + c).add(load(x, row + c)).intoMemorySegment(sums, (sumsOffset + c) * F, ORDER);
            }
            for (; c < cols; c++) {
                sums.setAtIndex(JAVA_FLOAT, sumsOffset + c, sums.getAtIndex(JAVA_FLOAT, sumsOffset + c) + x.getAtIndex(JAVA_FLOAT, row + c));
            }
        }
    }

    public static double sumOfSquares(long n, MemorySegment x, long offset) {
        // four independent accumulators: one FMA chain waits 4 cycles per vector, which holds the
        // pass to ~0.6 of copy bandwidth; they are combined in a fixed order, so results stay stable
        FloatVector sums0 = FloatVector.zero(SPECIES), sums1 = FloatVector.zero(SPECIES);
        FloatVector sums2 = FloatVector.zero(SPECIES), sums3 = FloatVector.zero(SPECIES);
        long i = 0;
        for (long bound = n - 4L * LANES; i <= bound; i += 4L * LANES) {
            FloatVector v0 = load(x, offset + i), v1 = load(x, offset + i + LANES);
            FloatVector v2 = load(x, offset + i + 2L * LANES), v3 = load(x, offset + i + 3L * LANES);
            sums0 = v0.fma(v0, sums0);
            sums1 = v1.fma(v1, sums1);
            sums2 = v2.fma(v2, sums2);
            sums3 = v3.fma(v3, sums3);
        }
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector value = load(x, offset + i);
            sums0 = value.fma(value, sums0);
        }
        double sum = LaneSums.sum(sums0.add(sums1).add(sums2.add(sums3)));
        for (; i < n; i++) {
            double value = x.getAtIndex(JAVA_FLOAT, offset + i);
            sum += value * value;
        }
        return sum;
    }

    /** {@code dst[i] += src[i]} for {@code i < n}: the accumulation step of col2im. */
    public static void addInto(int n, MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(dst, dstOffset + i).add(load(src, srcOffset + i)).intoMemorySegment(dst, (dstOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            dst.setAtIndex(JAVA_FLOAT, dstOffset + i, dst.getAtIndex(JAVA_FLOAT, dstOffset + i) + src.getAtIndex(JAVA_FLOAT, srcOffset + i));
        }
    }

    /** {@code dst[i] = src[i] + value} for {@code i < n}: a copy with a bias, e.g. into a conv output plane. */
    public static void addScalar(int n, MemorySegment src, long srcOffset, float value, MemorySegment dst, long dstOffset) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(src, srcOffset + i).add(value).intoMemorySegment(dst, (dstOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            dst.setAtIndex(JAVA_FLOAT, dstOffset + i, src.getAtIndex(JAVA_FLOAT, srcOffset + i) + value);
        }
    }

    /** {@code sum of x[i]} for {@code i < n}, in lanes, then the lanes in order, then the tail. */
    public static float sum(int n, MemorySegment x, long offset) {
        FloatVector lanes = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            lanes = lanes.add(load(x, offset + i));
        }
        float sum = LaneSums.sum(lanes);
        for (; i < n; i++) {
            sum += x.getAtIndex(JAVA_FLOAT, offset + i);
        }
        return sum;
    }
}
