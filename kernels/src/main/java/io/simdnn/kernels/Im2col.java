package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The data movement around the convolution GEMMs: im2col, col2im, and the reorderings between
 * the GEMM's {@code [F, N*OH*OW]} product and NCHW tensors. Plain Java, split across the kernel
 * threads by independent output rows or planes.
 */
final class Im2col {
    private Im2col() {}

    /**
     * {@code cols[(c, kh, kw)][(n, oh, ow)] = x[n][c][oh*sh - ph + kh][ow*sw - pw + kw]}, zero
     * where that falls into the padding. One task per row of cols.
     */
    static void im2col(ConvShape s, MemorySegment x, MemorySegment cols) {
        int outH = s.outHeight(), outW = s.outWidth();
        int kernelArea = s.kernelHeight() * s.kernelWidth();
        long columnCount = s.columnCount();
        boolean parallel = KernelThreads.workersCanAccess(x, cols);
        KernelThreads.Task row = r -> {
            int c = r / kernelArea;
            int kh = (r % kernelArea) / s.kernelWidth();
            int kw = r % s.kernelWidth();
            // output columns whose input column iw = ow * sw - pw + kw is inside the image
            int first = firstValid(s.padW() - kw, s.strideW(), outW);
            int end = endValid(s.width() - 1 + s.padW() - kw, s.strideW(), outW);
            long out = r * columnCount;
            for (int n = 0; n < s.batch(); n++) {
                long plane = ((long) n * s.channels() + c) * s.height() * s.width();
                for (int oh = 0; oh < outH; oh++, out += outW) {
                    int ih = oh * s.strideH() - s.padH() + kh;
                    if (ih < 0 || ih >= s.height() || first >= end) {
                        zero(cols, out, outW);
                        continue;
                    }
                    zero(cols, out, first);
                    long from = plane + (long) ih * s.width() + (long) first * s.strideW() - s.padW() + kw;
                    if (s.strideW() == 1) {
                        MemorySegment.copy(x, (from) * Float.BYTES, cols, (out + first) * Float.BYTES, (long) (end - first) * Float.BYTES);
                    } else {
                        for (int ow = first; ow < end; ow++, from += s.strideW()) {
                            cols.setAtIndex(Buffers.FLOAT, out + ow, x.getAtIndex(Buffers.FLOAT, from));
                        }
                    }
                    zero(cols, out + end, outW - end);
                }
            }
        };
        run(s.patchSize(), row, parallel);
    }

    /** Smallest o >= 0 with o * stride >= offset, capped at count. */
    private static int firstValid(int offset, int stride, int count) {
        return offset <= 0 ? 0 : Math.min(count, (offset + stride - 1) / stride);
    }

    /** One past the largest o < count with o * stride <= limit (0 if none). */
    private static int endValid(int limit, int stride, int count) {
        return limit < 0 ? 0 : Math.min(count, limit / stride + 1);
    }

    private static void zero(MemorySegment segment, long index, long count) {
        for (long i = 0; i < count; i++) {
            segment.setAtIndex(Buffers.FLOAT, index + i, 0f);
        }
    }

    /**
     * {@code dx[n][c][ih][iw] = sum of dcols entries im2col took from there}. One task per input
     * plane (n, c); within it the kernel offsets are visited in a fixed order.
     */
    static void col2im(ConvShape s, MemorySegment dcols, MemorySegment dx) {
        int outH = s.outHeight(), outW = s.outWidth();
        int planeSize = s.height() * s.width();
        long columnCount = s.columnCount();
        boolean parallel = KernelThreads.workersCanAccess(dcols, dx);
        KernelThreads.Task plane = task -> {
            int n = task / s.channels();
            int c = task % s.channels();
            long planeStart = (long) task * planeSize;
            dx.asSlice(planeStart * Float.BYTES, (long) planeSize * Float.BYTES).fill((byte) 0);
            for (int kh = 0; kh < s.kernelHeight(); kh++) {
                for (int kw = 0; kw < s.kernelWidth(); kw++) {
                    long r = ((long) c * s.kernelHeight() + kh) * s.kernelWidth() + kw;
                    long in = r * columnCount + (long) n * outH * outW;
                    int first = firstValid(s.padW() - kw, s.strideW(), outW);
                    int end = endValid(s.width() - 1 + s.padW() - kw, s.strideW(), outW);
                    for (int oh = 0; oh < outH; oh++, in += outW) {
                        int ih = oh * s.strideH() - s.padH() + kh;
                        if (ih < 0 || ih >= s.height() || first >= end) {
                            continue;
                        }
                        long to = planeStart + (long) ih * s.width() + (long) first * s.strideW() - s.padW() + kw;
                        if (s.strideW() == 1 && VectorSupport.isEnabled()) {
                            ElementwiseKernels.addInto(end - first, dcols, in + first, dx, to);
                        } else {
                            for (int ow = first; ow < end; ow++, to += s.strideW()) {
                                dx.setAtIndex(Buffers.FLOAT, to, dx.getAtIndex(Buffers.FLOAT, to) + dcols.getAtIndex(Buffers.FLOAT, in + ow));
                            }
                        }
                    }
                }
            }
        };
        run(s.batch() * s.channels(), plane, parallel);
    }

    /** {@code y[n][f][i] = product[f][n * OHW + i] + b[f]}. One task per (n, f) plane. */
    static void productToOutput(ConvShape s, MemorySegment product, MemorySegment b, MemorySegment y) {
        int area = s.outHeight() * s.outWidth();
        long columnCount = s.columnCount();
        boolean parallel = KernelThreads.workersCanAccess(product, b, y);
        KernelThreads.Task plane = task -> {
            int n = task / s.filters();
            int f = task % s.filters();
            float bias = b.getAtIndex(Buffers.FLOAT, f);
            long from = f * columnCount + (long) n * area;
            long to = (long) task * area;
            for (int i = 0; i < area; i++) {
                y.setAtIndex(Buffers.FLOAT, to + i, product.getAtIndex(Buffers.FLOAT, from + i) + bias);
            }
        };
        run(s.batch() * s.filters(), plane, parallel);
    }

    /**
     * {@code product[f][n * OHW + i] = dy[n][f][i]} and {@code db[f] = sum over n, i of dy[n][f][i]}
     * (summed in sample order, then position order). One task per filter.
     */
    static void outputToProduct(ConvShape s, MemorySegment dy, MemorySegment product, MemorySegment db) {
        int area = s.outHeight() * s.outWidth();
        long columnCount = s.columnCount();
        boolean parallel = KernelThreads.workersCanAccess(dy, product, db);
        KernelThreads.Task filter = f -> {
            float sum = 0;
            for (int n = 0; n < s.batch(); n++) {
                long from = ((long) n * s.filters() + f) * area;
                long to = f * columnCount + (long) n * area;
                for (int i = 0; i < area; i++) {
                    float value = dy.getAtIndex(Buffers.FLOAT, from + i);
                    product.setAtIndex(Buffers.FLOAT, to + i, value);
                    sum += value;
                }
            }
            db.setAtIndex(Buffers.FLOAT, f, sum);
        };
        run(s.filters(), filter, parallel);
    }

    private static void run(int tasks, KernelThreads.Task task, boolean parallel) {
        if (parallel) {
            KernelThreads.parallelFor(tasks, task);
        } else {
            for (int i = 0; i < tasks; i++) {
                task.run(i);
            }
        }
    }
}
