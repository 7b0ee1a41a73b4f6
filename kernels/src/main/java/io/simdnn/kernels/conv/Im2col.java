package io.simdnn.kernels.conv;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.ElementwiseKernels;
import io.simdnn.kernels.internal.Workers;

/**
 * The data movement around the convolution GEMMs: im2col, col2im, and the reorderings between
 * the GEMM's {@code [F, N*OH*OW]} product and NCHW tensors. Plain Java, split across the kernel
 * threads by independent output rows or planes; col2im works on one sample and is split by
 * samples in {@link ConvInputGradient}.
 */
final class Im2col {
    private Im2col() {}

    /**
     * {@code cols[(c, kh, kw)][(n, oh, ow)] = x[n][c][oh*sh - ph + kh*dh][ow*sw - pw + kw*dw]},
     * zero where that falls into the padding. One task per row of cols. The helpers below take
     * the kernel element's input offsets {@code (kh*dh, kw*dw)}, which is all that dilation changes.
     */
    static void im2col(ConvShape s, MemorySegment x, MemorySegment cols) {
        Split.run(Pass.IM2COL, s, s.patchSize(), x, cols, null);
    }

    /** Row r of cols: kernel offset (c, kh, kw) over every sample. */
    private static void im2colRow(ConvShape s, int r, MemorySegment x, MemorySegment cols) {
        int kernelArea = s.kernelHeight() * s.kernelWidth();
        int outArea = s.outHeight() * s.outWidth();
        int planeSize = s.height() * s.width();
        long columnCount = s.columnCount();
        boolean shifted = isShiftedCopy(s);
        int c = r / kernelArea;
        int kh = (r % kernelArea) / s.kernelWidth();
        int kw = r % s.kernelWidth();
        int rowOffset = kh * s.dilationH(), columnOffset = kw * s.dilationW();
        for (int n = 0; n < s.batch(); n++) {
            long plane = ((long) n * s.channels() + c) * planeSize;
            long out = r * columnCount + (long) n * outArea;
            if (shifted) {
                im2colShifted(s, rowOffset, columnOffset, x, plane, cols, out);
            } else {
                im2colByRows(s, rowOffset, columnOffset, x, plane, cols, out);
            }
        }
    }

    /**
     * Stride 1 with "same" width (OW == W): every output position of one kernel offset reads the
     * input position a fixed distance away, so the valid part is one shifted block copy instead of
     * one short copy per output row (the rows are only 14 or 28 floats in the CNN, where
     * per-call overhead dominates). Positions that wrap into a neighbouring input row are then
     * zeroed like the padding.
     */
    private static boolean isShiftedCopy(ConvShape s) {
        return s.strideH() == 1 && s.strideW() == 1 && s.outWidth() == s.width();
    }

    /** Distance from an output position to the input position a kernel element at input offsets (rowOffset, columnOffset) reads. */
    private static long shift(ConvShape s, int rowOffset, int columnOffset) {
        return (long) (rowOffset - s.padH()) * s.width() + columnOffset - s.padW();
    }

    private static void im2colShifted(ConvShape s, int rowOffset, int columnOffset, MemorySegment x, long plane, MemorySegment cols, long out) {
        int outArea = s.outHeight() * s.outWidth();
        long shift = shift(s, rowOffset, columnOffset);
        int lo = validStart(s, rowOffset, shift);
        int hi = validEnd(s, rowOffset, shift);
        if (lo >= hi) {
            zero(cols, out, outArea);
            return;
        }
        zero(cols, out, lo);
        MemorySegment.copy(x, (plane + lo + shift) * Float.BYTES, cols, (out + lo) * Float.BYTES, (long) (hi - lo) * Float.BYTES);
        zero(cols, out + hi, outArea - hi);
        zeroWrappedColumns(s, columnOffset, cols, out, lo, hi);
    }

    /** First output index (row-major over OH x OW) of the valid rows whose shifted source lies in the plane. */
    private static int validStart(ConvShape s, int rowOffset, long shift) {
        int firstRow = firstValid(s.padH() - rowOffset, 1, s.outHeight());
        return (int) Math.max((long) firstRow * s.outWidth(), -shift);
    }

    /** One past the last output index of the valid rows whose shifted source lies in the plane. */
    private static int validEnd(ConvShape s, int rowOffset, long shift) {
        int endRow = endValid(s.height() - 1 + s.padH() - rowOffset, 1, s.outHeight());
        return (int) Math.min((long) endRow * s.outWidth(), (long) s.height() * s.width() - shift);
    }

    /**
     * Zeroes, within output indices [lo, hi), the columns whose input column fell off the left or
     * right edge (and so read the neighbouring row): at most max(pw, dw (KW - 1) - pw) per row.
     */
    private static void zeroWrappedColumns(ConvShape s, int columnOffset, MemorySegment buffer, long base, int lo, int hi) {
        int width = s.outWidth();
        int first = firstValid(s.padW() - columnOffset, 1, width);
        int end = endValid(s.width() - 1 + s.padW() - columnOffset, 1, width);
        if (first == 0 && end == width) {
            return;
        }
        for (int rowStart = lo - lo % width; rowStart < hi; rowStart += width) {
            for (int i = Math.max(rowStart, lo); i < Math.min(rowStart + first, hi); i++) {
                buffer.setAtIndex(Buffers.FLOAT, base + i, 0f);
            }
            for (int i = Math.max(rowStart + end, lo); i < Math.min(rowStart + width, hi); i++) {
                buffer.setAtIndex(Buffers.FLOAT, base + i, 0f);
            }
        }
    }

    /** The general case: one copy (stride 1) or gather (stride &gt; 1) per output row. */
    private static void im2colByRows(ConvShape s, int rowOffset, int columnOffset, MemorySegment x, long plane, MemorySegment cols, long out) {
        int outH = s.outHeight(), outW = s.outWidth();
        // output columns whose input column iw = ow * sw - pw + columnOffset is inside the image
        int first = firstValid(s.padW() - columnOffset, s.strideW(), outW);
        int end = endValid(s.width() - 1 + s.padW() - columnOffset, s.strideW(), outW);
        for (int oh = 0; oh < outH; oh++, out += outW) {
            int ih = oh * s.strideH() - s.padH() + rowOffset;
            if (ih < 0 || ih >= s.height() || first >= end) {
                zero(cols, out, outW);
                continue;
            }
            zero(cols, out, first);
            long from = plane + (long) ih * s.width() + (long) first * s.strideW() - s.padW() + columnOffset;
            if (s.strideW() == 1) {
                MemorySegment.copy(x, from * Float.BYTES, cols, (out + first) * Float.BYTES, (long) (end - first) * Float.BYTES);
            } else {
                for (int ow = first; ow < end; ow++, from += s.strideW()) {
                    cols.setAtIndex(Buffers.FLOAT, out + ow, x.getAtIndex(Buffers.FLOAT, from));
                }
            }
            zero(cols, out + end, outW - end);
        }
    }

    /** Smallest o &gt;= 0 with o * stride &gt;= offset, capped at count. */
    private static int firstValid(int offset, int stride, int count) {
        return offset <= 0 ? 0 : Math.min(count, (offset + stride - 1) / stride);
    }

    /** One past the largest o &lt; count with o * stride &lt;= limit (0 if none). */
    private static int endValid(int limit, int stride, int count) {
        return limit < 0 ? 0 : Math.min(count, limit / stride + 1);
    }

    private static void zero(MemorySegment segment, long index, long count) {
        if (count > 16) {
            Buffers.fillZero(segment, index, count);
            return;
        }
        for (long i = 0; i < count; i++) {
            segment.setAtIndex(Buffers.FLOAT, index + i, 0f);
        }
    }

    /**
     * {@code dx[n][c][ih][iw] = sum of dcols entries im2col took from there}, for one sample n
     * whose column gradient {@code dcols} is {@code P x OH*OW} (its own block, not the batch's
     * {@code P x N*OH*OW}). Runs on the calling thread; within a plane the kernel offsets are
     * visited in a fixed order. In the shifted-copy case (see {@link #isShiftedCopy}) the wrapped
     * columns of dcols, which belong to no input position, are zeroed first (dcols is scratch)
     * so that each kernel offset is one block add.
     */
    static void col2imSample(ConvShape s, int n, MemorySegment dcols, MemorySegment dx) {
        int outH = s.outHeight(), outW = s.outWidth();
        int planeSize = s.height() * s.width();
        long area = (long) outH * outW;
        boolean shifted = isShiftedCopy(s);
        for (int c = 0; c < s.channels(); c++) {
            long planeStart = ((long) n * s.channels() + c) * planeSize;
            Buffers.fillZero(dx, planeStart, planeSize);
            for (int kh = 0; kh < s.kernelHeight(); kh++) {
                for (int kw = 0; kw < s.kernelWidth(); kw++) {
                    long in = (((long) c * s.kernelHeight() + kh) * s.kernelWidth() + kw) * area;
                    int rowOffset = kh * s.dilationH(), columnOffset = kw * s.dilationW();
                    if (shifted) {
                        long shift = shift(s, rowOffset, columnOffset);
                        int lo = validStart(s, rowOffset, shift);
                        int hi = validEnd(s, rowOffset, shift);
                        if (lo < hi) {
                            zeroWrappedColumns(s, columnOffset, dcols, in, lo, hi);
                            addInto(hi - lo, dcols, in + lo, dx, planeStart + lo + shift);
                        }
                    } else {
                        col2imByRows(s, rowOffset, columnOffset, dcols, in, dx, planeStart);
                    }
                }
            }
        }
    }

    /** Adds one kernel offset's dcols entries into an input plane, one output row at a time. */
    private static void col2imByRows(ConvShape s, int rowOffset, int columnOffset, MemorySegment dcols, long in, MemorySegment dx,
                                     long planeStart) {
        int outW = s.outWidth();
        int first = firstValid(s.padW() - columnOffset, s.strideW(), outW);
        int end = endValid(s.width() - 1 + s.padW() - columnOffset, s.strideW(), outW);
        for (int oh = 0; oh < s.outHeight(); oh++, in += outW) {
            int ih = oh * s.strideH() - s.padH() + rowOffset;
            if (ih < 0 || ih >= s.height() || first >= end) {
                continue;
            }
            long to = planeStart + (long) ih * s.width() + (long) first * s.strideW() - s.padW() + columnOffset;
            if (s.strideW() == 1) {
                addInto(end - first, dcols, in + first, dx, to);
            } else {
                for (int ow = first; ow < end; ow++, to += s.strideW()) {
                    dx.setAtIndex(Buffers.FLOAT, to, dx.getAtIndex(Buffers.FLOAT, to) + dcols.getAtIndex(Buffers.FLOAT, in + ow));
                }
            }
        }
    }

    /** {@code y[n][f][i] = product[f][n * OHW + i] + b[f]}. One task per (n, f) plane. */
    static void productToOutput(ConvShape s, MemorySegment product, MemorySegment b, MemorySegment y) {
        Split.run(Pass.PRODUCT_TO_OUTPUT, s, s.batch() * s.filters(), product, b, y);
    }

    /** Output plane {@code task} = (n, f) of y. */
    private static void productToOutputPlane(ConvShape s, int task, MemorySegment product, MemorySegment b, MemorySegment y) {
        int area = s.outHeight() * s.outWidth();
        int n = task / s.filters();
        int f = task % s.filters();
        float bias = b.getAtIndex(Buffers.FLOAT, f);
        long from = f * s.columnCount() + (long) n * area;
        long to = (long) task * area;
        if (VectorSupport.isEnabled()) {
            ElementwiseKernels.addScalar(area, product, from, bias, y, to);
        } else {
            for (int i = 0; i < area; i++) {
                y.setAtIndex(Buffers.FLOAT, to + i, product.getAtIndex(Buffers.FLOAT, from + i) + bias);
            }
        }
    }

    /**
     * {@code product[f][n * OHW + i] = dy[n][f][i]} and {@code db[f] = sum over n, i of dy[n][f][i]}
     * (per-sample sums added in sample order). One task per filter.
     */
    static void outputToProduct(ConvShape s, MemorySegment dy, MemorySegment product, MemorySegment db) {
        Split.run(Pass.OUTPUT_TO_PRODUCT, s, s.filters(), dy, product, db);
    }

    /** Filter f's row of the product and db[f]; without a product (null) only db[f]. */
    private static void filterRow(ConvShape s, int f, MemorySegment dy, MemorySegment product, MemorySegment db) {
        int area = s.outHeight() * s.outWidth();
        float sum = 0;
        for (int n = 0; n < s.batch(); n++) {
            long from = ((long) n * s.filters() + f) * area;
            if (product != null) {
                long to = f * s.columnCount() + (long) n * area;
                MemorySegment.copy(dy, from * Float.BYTES, product, to * Float.BYTES, (long) area * Float.BYTES);
            }
            sum += planeSum(area, dy, from);
        }
        db.setAtIndex(Buffers.FLOAT, f, sum);
    }

    /**
     * {@code db[f] = sum over n, i of dy[n][f][i]}, summed as {@link #outputToProduct} does (for
     * the implicit path, which needs no reordered dy). One task per filter.
     */
    static void biasGradient(ConvShape s, MemorySegment dy, MemorySegment db) {
        Split.run(Pass.BIAS_GRADIENT, s, s.filters(), dy, db, null);
    }

    private enum Pass { IM2COL, PRODUCT_TO_OUTPUT, OUTPUT_TO_PRODUCT, BIAS_GRADIENT }

    /**
     * One call's rows, planes or filters on the kernel threads. The arguments live in a
     * per-thread instance's fields rather than a capturing lambda, so a call allocates nothing;
     * {@code a, b, c} are the pass's segments in the order its method takes them.
     */
    private static final class Split implements Workers.Task {
        private static final ThreadLocal<Split> PER_THREAD = ThreadLocal.withInitial(Split::new);

        private Pass pass;
        private ConvShape s;
        private MemorySegment a, b, c;

        static void run(Pass pass, ConvShape s, int tasks, MemorySegment a, MemorySegment b, MemorySegment c) {
            Split split = PER_THREAD.get();
            split.pass = pass;
            split.s = s;
            split.a = a;
            split.b = b;
            split.c = c;
            try {
                if (c == null) {
                    Workers.parallelForOn(tasks, split, a, b);
                } else {
                    Workers.parallelForOn(tasks, split, a, b, c);
                }
            } finally {
                split.a = split.b = split.c = null;
            }
        }

        @Override
        public void run(int task) {
            switch (pass) {
                case IM2COL -> im2colRow(s, task, a, b);
                case PRODUCT_TO_OUTPUT -> productToOutputPlane(s, task, a, b, c);
                case OUTPUT_TO_PRODUCT -> filterRow(s, task, a, b, c);
                case BIAS_GRADIENT -> filterRow(s, task, a, null, b);
            }
        }
    }

    private static float planeSum(int area, MemorySegment dy, long from) {
        return VectorSupport.isEnabled() ? ElementwiseKernels.sum(area, dy, from) : scalarSum(area, dy, from);
    }

    /** {@code dst[i] += src[i]} for {@code i < n}, in vectors when the SIMD path is on. */
    static void addInto(int n, MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset) {
        if (VectorSupport.isEnabled()) {
            ElementwiseKernels.addInto(n, src, srcOffset, dst, dstOffset);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst.setAtIndex(Buffers.FLOAT, dstOffset + i, dst.getAtIndex(Buffers.FLOAT, dstOffset + i) + src.getAtIndex(Buffers.FLOAT, srcOffset + i));
        }
    }

    private static float scalarSum(int n, MemorySegment x, long offset) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x.getAtIndex(Buffers.FLOAT, offset + i);
        }
        return sum;
    }
}
