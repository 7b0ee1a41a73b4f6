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
            long out = r * columnCount;
            for (int n = 0; n < s.batch(); n++) {
                long plane = ((long) n * s.channels() + c) * s.height() * s.width();
                for (int oh = 0; oh < outH; oh++) {
                    int ih = oh * s.strideH() - s.padH() + kh;
                    if (ih < 0 || ih >= s.height()) {
                        cols.asSlice(out * Float.BYTES, (long) outW * Float.BYTES).fill((byte) 0);
                        out += outW;
                        continue;
                    }
                    long inputRow = plane + (long) ih * s.width();
                    for (int ow = 0; ow < outW; ow++) {
                        int iw = ow * s.strideW() - s.padW() + kw;
                        float value = iw >= 0 && iw < s.width() ? x.getAtIndex(Buffers.FLOAT, inputRow + iw) : 0f;
                        cols.setAtIndex(Buffers.FLOAT, out++, value);
                    }
                }
            }
        };
        run(s.patchSize(), row, parallel);
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
                    for (int oh = 0; oh < outH; oh++) {
                        int ih = oh * s.strideH() - s.padH() + kh;
                        if (ih < 0 || ih >= s.height()) {
                            in += outW;
                            continue;
                        }
                        long inputRow = planeStart + (long) ih * s.width();
                        for (int ow = 0; ow < outW; ow++, in++) {
                            int iw = ow * s.strideW() - s.padW() + kw;
                            if (iw >= 0 && iw < s.width()) {
                                long at = inputRow + iw;
                                dx.setAtIndex(Buffers.FLOAT, at, dx.getAtIndex(Buffers.FLOAT, at) + dcols.getAtIndex(Buffers.FLOAT, in));
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
