package io.simdnn.kernels;

import io.simdnn.kernels.internal.Checks;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Max and average pooling over NCHW planes, forward and backward. Max pooling records, for every
 * output, the flat input index of its maximum (the first on ties), so the backward pass routes
 * each gradient to exactly that input. Backward passes overwrite dx: windows that overlap
 * (stride < kernel) have their contributions added in output order. One task per plane; 2x2
 * stride-2 pooling runs on {@link PoolingKernels} when it {@linkplain PoolingKernels#applies applies},
 * except for the last planes when their whole-vector reads would pass the end of an operand.
 */
public final class Pooling {
    private Pooling() {}

    /** {@code y = max over each window of x}; {@code argmax[o]} = flat index into x of that maximum. */
    public static void maxForward(PoolShape s, MemorySegment x, MemorySegment y, int[] argmax) {
        Checks.vector("input x", x, 0, s.inputSize());
        Checks.vector("output y", y, 0, s.outputSize());
        checkIndices(s, argmax);
        int area = s.height() * s.width(), outArea = s.outHeight() * s.outWidth();
        int vectorPlanes = vector2x2(s) ? PoolingKernels.forwardPlanesInReach(s, x.byteSize() / Float.BYTES) : 0;
        run(s, x, y, plane -> {
            if (plane < vectorPlanes) {
                PoolingKernels.maxPlane(s.height(), s.width(), x, plane * area, y, plane * outArea, argmax);
            } else {
                maxPlane(s, x, (long) plane * area, y, plane * outArea, argmax);
            }
        });
    }

    /** {@code dx[argmax[o]] += dy[o]}, dx zero elsewhere. */
    public static void maxBackward(PoolShape s, MemorySegment dy, int[] argmax, MemorySegment dx) {
        Checks.vector("output gradient dy", dy, 0, s.outputSize());
        Checks.vector("input gradient dx", dx, 0, s.inputSize());
        checkIndices(s, argmax);
        int area = s.height() * s.width(), outArea = s.outHeight() * s.outWidth();
        int vectorPlanes = vector2x2(s)
                ? PoolingKernels.backwardPlanesInReach(s, Math.min(dy.byteSize() / Float.BYTES, argmax.length)) : 0;
        run(s, dy, dx, plane -> {
            // the vector path declines a plane whose indices leave their windows (not from this shape's forward pass)
            if (plane >= vectorPlanes
                    || !PoolingKernels.maxGradientPlane(s.height(), s.width(), dy, plane * outArea, argmax, dx, plane * area)) {
                scatterPlane(plane, area, outArea, dy, argmax, dx);
            }
        });
    }

    /** {@code y = mean over each window of x}. */
    public static void averageForward(PoolShape s, MemorySegment x, MemorySegment y) {
        Checks.vector("input x", x, 0, s.inputSize());
        Checks.vector("output y", y, 0, s.outputSize());
        int area = s.height() * s.width(), outArea = s.outHeight() * s.outWidth();
        int vectorPlanes = vector2x2(s) ? PoolingKernels.forwardPlanesInReach(s, x.byteSize() / Float.BYTES) : 0;
        run(s, x, y, plane -> {
            if (plane < vectorPlanes) {
                PoolingKernels.averagePlane(s.height(), s.width(), x, plane * area, y, plane * outArea);
            } else {
                averagePlane(s, x, (long) plane * area, y, (long) plane * outArea);
            }
        });
    }

    /** {@code dx = sum over windows containing it of dy / kernel^2}. */
    public static void averageBackward(PoolShape s, MemorySegment dy, MemorySegment dx) {
        Checks.vector("output gradient dy", dy, 0, s.outputSize());
        Checks.vector("input gradient dx", dx, 0, s.inputSize());
        int area = s.height() * s.width(), outArea = s.outHeight() * s.outWidth();
        int vectorPlanes = vector2x2(s) ? PoolingKernels.backwardPlanesInReach(s, dy.byteSize() / Float.BYTES) : 0;
        run(s, dy, dx, plane -> {
            if (plane < vectorPlanes) {
                PoolingKernels.averageGradientPlane(s.height(), s.width(), dy, plane * outArea, dx, plane * area);
            } else {
                averageGradientPlane(s, dy, (long) plane * outArea, dx, (long) plane * area);
            }
        });
    }

    private static void maxPlane(PoolShape s, MemorySegment x, long in, MemorySegment y, int out, int[] argmax) {
        for (int oh = 0; oh < s.outHeight(); oh++) {
            for (int ow = 0; ow < s.outWidth(); ow++, out++) {
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
    }

    /** Zero-fills the plane's dx, then adds each output's gradient at its argmax, which must lie in the plane. */
    private static void scatterPlane(int plane, int area, int outArea, MemorySegment dy, int[] argmax, MemorySegment dx) {
        long start = (long) plane * area;
        dx.asSlice(start * Float.BYTES, (long) area * Float.BYTES).fill((byte) 0);
        for (int o = plane * outArea, end = o + outArea; o < end; o++) {
            long at = argmax[o];
            if (at < start || at >= start + area) {
                throw new IllegalArgumentException("argmax[" + o + "] = " + at + " is not in its input plane " + plane);
            }
            dx.setAtIndex(Buffers.FLOAT, at, dx.getAtIndex(Buffers.FLOAT, at) + dy.getAtIndex(Buffers.FLOAT, o));
        }
    }

    private static void averagePlane(PoolShape s, MemorySegment x, long in, MemorySegment y, long out) {
        float scale = 1f / (s.kernel() * s.kernel());
        for (int oh = 0; oh < s.outHeight(); oh++) {
            for (int ow = 0; ow < s.outWidth(); ow++, out++) {
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
    }

    private static void averageGradientPlane(PoolShape s, MemorySegment dy, long out, MemorySegment dx, long in) {
        float scale = 1f / (s.kernel() * s.kernel());
        dx.asSlice(in * Float.BYTES, (long) s.height() * s.width() * Float.BYTES).fill((byte) 0);
        for (int oh = 0; oh < s.outHeight(); oh++) {
            for (int ow = 0; ow < s.outWidth(); ow++, out++) {
                float share = dy.getAtIndex(Buffers.FLOAT, out) * scale;
                for (int kh = 0; kh < s.kernel(); kh++) {
                    long row = in + (long) (oh * s.stride() + kh) * s.width() + (long) ow * s.stride();
                    for (int kw = 0; kw < s.kernel(); kw++) {
                        dx.setAtIndex(Buffers.FLOAT, row + kw, dx.getAtIndex(Buffers.FLOAT, row + kw) + share);
                    }
                }
            }
        }
    }

    /** VectorSupport first: without the incubator module, PoolingKernels cannot even be loaded. */
    private static boolean vector2x2(PoolShape s) {
        return VectorSupport.isEnabled() && PoolingKernels.applies(s);
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
