package io.simdnn.kernels;

import io.simdnn.kernels.internal.Checks;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Max and average pooling over NCHW planes, forward and backward. Max pooling records, for every
 * output, the flat input index of its maximum (the first on ties), so the backward pass routes
 * each gradient to exactly that input. Backward passes overwrite dx: windows that overlap
 * (stride < kernel) have their contributions added in output order. One task per plane.
 */
public final class Pooling {
    private Pooling() {}

    /** {@code y = max over each window of x}; {@code argmax[o]} = flat index into x of that maximum. */
    public static void maxForward(PoolShape s, MemorySegment x, MemorySegment y, int[] argmax) {
        Checks.vector("input x", x, 0, s.inputSize());
        Checks.vector("output y", y, 0, s.outputSize());
        checkIndices(s, argmax);
        int outH = s.outHeight(), outW = s.outWidth(), area = s.height() * s.width();
        boolean vector2x2 = PoolingKernels.applies(s);
        run(s, x, y, plane -> {
            long in = (long) plane * area;
            int out = plane * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                if (vector2x2) {
                    PoolingKernels.max2x2Row(outW, x, in + 2L * oh * s.width(), s.width(), y, out, argmax);
                    out += outW;
                    continue;
                }
                for (int ow = 0; ow < outW; ow++, out++) {
                    long best = in + (long) oh * s.stride() * s.width() + (long) ow * s.stride();
                    float bestValue = x.getAtIndex(Buffers.FLOAT, best);
                    for (int kh = 0; kh < s.kernel(); kh++) {
                        long row = in + (long) (oh * s.stride() + kh) * s.width() + (long) ow * s.stride();
                        for (int kw = 0; kw < s.kernel(); kw++) {
                            float value = x.getAtIndex(Buffers.FLOAT, row + kw);
                            // NaN wins, so a diverged activation is not silently dropped
                            if (value > bestValue || (Float.isNaN(value) && !Float.isNaN(bestValue))) {
                                bestValue = value;
                                best = row + kw;
                            }
                        }
                    }
                    y.setAtIndex(Buffers.FLOAT, out, bestValue);
                    argmax[out] = Math.toIntExact(best);
                }
            }
        });
    }

    /** {@code dx[argmax[o]] += dy[o]}, dx zero elsewhere. */
    public static void maxBackward(PoolShape s, MemorySegment dy, int[] argmax, MemorySegment dx) {
        Checks.vector("output gradient dy", dy, 0, s.outputSize());
        Checks.vector("input gradient dx", dx, 0, s.inputSize());
        checkIndices(s, argmax);
        int outArea = s.outHeight() * s.outWidth(), area = s.height() * s.width();
        run(s, dy, dx, plane -> {
            long start = (long) plane * area;
            dx.asSlice(start * Float.BYTES, (long) area * Float.BYTES).fill((byte) 0);
            for (int o = plane * outArea, end = o + outArea; o < end; o++) {
                long at = argmax[o];
                if (at < start || at >= start + area) {
                    throw new IllegalArgumentException("argmax[" + o + "] = " + at + " is not in its input plane " + plane);
                }
                dx.setAtIndex(Buffers.FLOAT, at, dx.getAtIndex(Buffers.FLOAT, at) + dy.getAtIndex(Buffers.FLOAT, o));
            }
        });
    }

    /** {@code y = mean over each window of x}. */
    public static void averageForward(PoolShape s, MemorySegment x, MemorySegment y) {
        Checks.vector("input x", x, 0, s.inputSize());
        Checks.vector("output y", y, 0, s.outputSize());
        int outH = s.outHeight(), outW = s.outWidth(), area = s.height() * s.width();
        float scale = 1f / (s.kernel() * s.kernel());
        boolean vector2x2 = PoolingKernels.applies(s);
        run(s, x, y, plane -> {
            long in = (long) plane * area;
            long out = (long) plane * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                if (vector2x2) {
                    PoolingKernels.average2x2Row(outW, x, in + 2L * oh * s.width(), s.width(), y, out);
                    out += outW;
                    continue;
                }
                for (int ow = 0; ow < outW; ow++, out++) {
                    float sum = 0;
                    for (int kh = 0; kh < s.kernel(); kh++) {
                        long row = in + (long) (oh * s.stride() + kh) * s.width() + (long) ow * s.stride();
                        for (int kw = 0; kw < s.kernel(); kw++) {
                            sum += x.getAtIndex(Buffers.FLOAT, row + kw);
                        }
                    }
                    y.setAtIndex(Buffers.FLOAT, out, sum * scale);
                }
            }
        });
    }

    /** {@code dx = sum over windows containing it of dy / kernel^2}. */
    public static void averageBackward(PoolShape s, MemorySegment dy, MemorySegment dx) {
        Checks.vector("output gradient dy", dy, 0, s.outputSize());
        Checks.vector("input gradient dx", dx, 0, s.inputSize());
        int outH = s.outHeight(), outW = s.outWidth(), area = s.height() * s.width();
        float scale = 1f / (s.kernel() * s.kernel());
        run(s, dy, dx, plane -> {
            long in = (long) plane * area;
            dx.asSlice(in * Float.BYTES, (long) area * Float.BYTES).fill((byte) 0);
            long out = (long) plane * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                for (int ow = 0; ow < outW; ow++, out++) {
                    float share = dy.getAtIndex(Buffers.FLOAT, out) * scale;
                    for (int kh = 0; kh < s.kernel(); kh++) {
                        long row = in + (long) (oh * s.stride() + kh) * s.width() + (long) ow * s.stride();
                        for (int kw = 0; kw < s.kernel(); kw++) {
                            dx.setAtIndex(Buffers.FLOAT, row + kw, dx.getAtIndex(Buffers.FLOAT, row + kw) + share);
                        }
                    }
                }
            }
        });
    }

    private static void checkIndices(PoolShape s, int[] argmax) {
        Objects.requireNonNull(argmax, "argmax");
        if (argmax.length < s.outputSize()) {
            throw new IllegalArgumentException("argmax holds " + argmax.length + " indices, the output has " + s.outputSize());
        }
    }

    private static void run(PoolShape s, MemorySegment in, MemorySegment out, KernelThreads.Task plane) {
        KernelThreads.parallelForOn(s.planes(), plane, in, out);
    }
}
