package io.simdnn.kernels.pool;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.PoolShape;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.Workers;
import io.simdnn.kernels.internal.checks.Checks;

/**
 * Max and average pooling over NCHW planes, forward and backward. Max pooling records, for every
 * output, the flat input index of its maximum (the first on ties), so the backward pass routes
 * each gradient to exactly that input. Backward passes overwrite dx: windows that overlap
 * (stride &lt; kernel) have their contributions added in output order. One task per plane; 2x2
 * stride-2 pooling runs on a vector path when the SIMD kernels are on, except for the last planes
 * when their whole-vector reads would pass the end of an operand.
 *
 * <p>Every segment starts at its tensor's first element and may be longer. Inputs are
 * {@code N x C x H x W}, outputs {@code N x C x OH x OW} ({@link PoolShape#outHeight()},
 * {@link PoolShape#outWidth()}); an output never overlaps an input. Arguments are checked before
 * anything is written ({@link IllegalArgumentException} naming the operand).
 */
public final class Pooling {
    private Pooling() {}

    /**
     * {@code y = max over each window of x}; {@code argmax[o]} = the flat index into x (over the
     * whole batch) of that maximum, the first in row-major window order on ties. A NaN in a window
     * is its maximum. Writes y and {@code argmax[0, N*C*OH*OW)}.
     *
     * @param s      the geometry
     * @param x      input, {@code N x C x H x W}, read only
     * @param y      output, {@code N x C x OH x OW}, overwritten
     * @param argmax receives one index per output element; at least {@code s.outputSize()} long
     * @throws IllegalArgumentException if a segment or {@code argmax} is too small, or y overlaps x
     */
    public static void maxForward(PoolShape s, MemorySegment x, MemorySegment y, int[] argmax) {
        Checks.vector("input x", x, 0, s.inputSize());
        Checks.vector("output y", y, 0, s.outputSize());
        Checks.noOverlap("output y", y, 0, s.outputSize(), "input x", x, 0, s.inputSize());
        checkIndices(s, argmax);
        int vectorPlanes = vector2x2(s) ? PoolingKernels.forwardPlanesInReach(s, x.byteSize() / Float.BYTES) : 0;
        PlaneSplit.run(Pass.MAX_FORWARD, s, x, y, argmax, vectorPlanes);
    }

    /**
     * {@code dx[argmax[o]] += dy[o]} over every output o, dx zero elsewhere: dx is overwritten, not
     * accumulated into. {@code argmax} should be what {@link #maxForward} wrote for the same shape;
     * every entry is checked to lie in its own input plane (one read pass) before dx is touched.
     *
     * @param s      the geometry of the forward call
     * @param dy     gradient of the output, {@code N x C x OH x OW}, read only
     * @param argmax the forward call's indices, read only
     * @param dx     gradient of the input, {@code N x C x H x W}, overwritten
     * @throws IllegalArgumentException if a segment or {@code argmax} is too small, dx overlaps dy, or
     *         an argmax entry lies outside its plane; nothing is written then
     */
    public static void maxBackward(PoolShape s, MemorySegment dy, int[] argmax, MemorySegment dx) {
        Checks.vector("output gradient dy", dy, 0, s.outputSize());
        Checks.vector("input gradient dx", dx, 0, s.inputSize());
        Checks.noOverlap("input gradient dx", dx, 0, s.inputSize(), "output gradient dy", dy, 0, s.outputSize());
        checkIndicesInPlanes(s, argmax);
        int vectorPlanes = vector2x2(s)
                ? PoolingKernels.backwardPlanesInReach(s, Math.min(dy.byteSize() / Float.BYTES, argmax.length)) : 0;
        PlaneSplit.run(Pass.MAX_BACKWARD, s, dy, dx, argmax, vectorPlanes);
    }

    /**
     * {@code y = mean over each window of x} (a sum times {@code 1 / K^2}).
     *
     * @param s the geometry
     * @param x input, {@code N x C x H x W}, read only
     * @param y output, {@code N x C x OH x OW}, overwritten
     * @throws IllegalArgumentException if a segment is too small or misaligned, or the output overlaps the input
     */
    public static void averageForward(PoolShape s, MemorySegment x, MemorySegment y) {
        Checks.vector("input x", x, 0, s.inputSize());
        Checks.vector("output y", y, 0, s.outputSize());
        Checks.noOverlap("output y", y, 0, s.outputSize(), "input x", x, 0, s.inputSize());
        int vectorPlanes = vector2x2(s) ? PoolingKernels.forwardPlanesInReach(s, x.byteSize() / Float.BYTES) : 0;
        PlaneSplit.run(Pass.AVERAGE_FORWARD, s, x, y, null, vectorPlanes);
    }

    /**
     * {@code dx[i] = sum over the windows containing input i of dy[o] / K^2}; inputs in no window
     * (cut off at the bottom or right edge) get 0. dx is overwritten.
     *
     * @param s  the geometry of the forward call
     * @param dy gradient of the output, {@code N x C x OH x OW}, read only
     * @param dx gradient of the input, {@code N x C x H x W}, overwritten
     * @throws IllegalArgumentException if a segment is too small or misaligned, or the output overlaps the input
     */
    public static void averageBackward(PoolShape s, MemorySegment dy, MemorySegment dx) {
        Checks.vector("output gradient dy", dy, 0, s.outputSize());
        Checks.vector("input gradient dx", dx, 0, s.inputSize());
        Checks.noOverlap("input gradient dx", dx, 0, s.inputSize(), "output gradient dy", dy, 0, s.outputSize());
        int vectorPlanes = vector2x2(s) ? PoolingKernels.backwardPlanesInReach(s, dy.byteSize() / Float.BYTES) : 0;
        PlaneSplit.run(Pass.AVERAGE_BACKWARD, s, dy, dx, null, vectorPlanes);
    }

    private enum Pass { MAX_FORWARD, MAX_BACKWARD, AVERAGE_FORWARD, AVERAGE_BACKWARD }

    /**
     * One call's planes on the kernel threads: task p pools plane p, on the 2x2 vector path when
     * {@code p < vectorPlanes}. The arguments live in a per-thread instance's fields rather than a
     * capturing lambda, so a call allocates nothing.
     */
    private static final class PlaneSplit implements Workers.Task {
        private static final ThreadLocal<PlaneSplit> PER_THREAD = ThreadLocal.withInitial(PlaneSplit::new);

        private Pass pass;
        private PoolShape s;
        private MemorySegment in, out;
        private int[] argmax;
        private int vectorPlanes;

        /** Runs {@code pass} from {@code in} (x or dy) to {@code out} (y or dx). */
        static void run(Pass pass, PoolShape s, MemorySegment in, MemorySegment out, int[] argmax, int vectorPlanes) {
            PlaneSplit split = PER_THREAD.get();
            split.pass = pass;
            split.s = s;
            split.in = in;
            split.out = out;
            split.argmax = argmax;
            split.vectorPlanes = vectorPlanes;
            try {
                Workers.parallelForOn(s.planes(), split, in, out);
            } finally {
                split.in = split.out = null;
                split.argmax = null;
            }
        }

        @Override
        public void run(int plane) {
            int area = s.height() * s.width(), outArea = s.outHeight() * s.outWidth();
            boolean vector = plane < vectorPlanes;
            switch (pass) {
                case MAX_FORWARD -> {
                    if (vector) {
                        PoolingKernels.maxPlane(s.height(), s.width(), in, plane * area, out, plane * outArea, argmax);
                    } else {
                        maxPlane(s, in, (long) plane * area, out, plane * outArea, argmax);
                    }
                }
                case MAX_BACKWARD -> {
                    // the vector path declines a plane whose indices leave their windows (not from this shape's forward pass)
                    if (!vector || !PoolingKernels.maxGradientPlane(s.height(), s.width(), in, plane * outArea, argmax, out,
                            plane * area)) {
                        scatterPlane(plane, area, outArea, in, argmax, out);
                    }
                }
                case AVERAGE_FORWARD -> {
                    if (vector) {
                        PoolingKernels.averagePlane(s.height(), s.width(), in, plane * area, out, plane * outArea);
                    } else {
                        averagePlane(s, in, (long) plane * area, out, (long) plane * outArea);
                    }
                }
                case AVERAGE_BACKWARD -> {
                    if (vector) {
                        PoolingKernels.averageGradientPlane(s.height(), s.width(), in, plane * outArea, out, plane * area);
                    } else {
                        averageGradientPlane(s, in, (long) plane * outArea, out, (long) plane * area);
                    }
                }
            }
        }
    }

    private static void maxPlane(PoolShape s, MemorySegment x, long in, MemorySegment y, int out, int[] argmax) {
        if (s.kernel() == 2 && s.stride() == 2) {
            maxPlane2x2(s, x, in, y, out, argmax);
            return;
        }
        for (int oh = 0; oh < s.outHeight(); oh++) {
            for (int ow = 0; ow < s.outWidth(); ow++, out++) {
                long best = in + (long) oh * s.stride() * s.width() + (long) ow * s.stride();
                float bestValue = x.getAtIndex(Buffers.FLOAT, best);
                for (int kh = 0; kh < s.kernel(); kh++) {
                    long row = in + (long) (oh * s.stride() + kh) * s.width() + (long) ow * s.stride();
                    for (int kw = 0; kw < s.kernel(); kw++) {
                        float value = x.getAtIndex(Buffers.FLOAT, row + kw);
                        if (beats(value, bestValue)) {
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

    /**
     * {@link #maxPlane} for 2 x 2 windows at stride 2 (the CNN's pooling where the vector kernels do
     * not apply, as on AVX2), with the same result: the first maximum in window order, a NaN beating
     * every number. Written as selections between the pairs' winners, which C2 can turn into
     * conditional moves: the general loop's compare-and-branch mispredicted about every other
     * window on activations.
     */
    private static void maxPlane2x2(PoolShape s, MemorySegment x, long in, MemorySegment y, int out, int[] argmax) {
        int width = s.width();
        for (int oh = 0; oh < s.outHeight(); oh++) {
            long upper = in + (long) 2 * oh * width;
            for (int ow = 0; ow < s.outWidth(); ow++, out++) {
                long i0 = upper + 2L * ow;
                long i1 = i0 + 1;
                long i2 = i0 + width;
                long i3 = i2 + 1;
                float v0 = x.getAtIndex(Buffers.FLOAT, i0);
                float v1 = x.getAtIndex(Buffers.FLOAT, i1);
                float v2 = x.getAtIndex(Buffers.FLOAT, i2);
                float v3 = x.getAtIndex(Buffers.FLOAT, i3);
                boolean upperRight = beats(v1, v0);
                float top = upperRight ? v1 : v0;
                long topAt = upperRight ? i1 : i0;
                boolean lowerRight = beats(v3, v2);
                float bottom = lowerRight ? v3 : v2;
                long bottomAt = lowerRight ? i3 : i2;
                boolean lower = beats(bottom, top);
                y.setAtIndex(Buffers.FLOAT, out, lower ? bottom : top);
                argmax[out] = Math.toIntExact(lower ? bottomAt : topAt);
            }
        }
    }

    /**
     * Whether a window's {@code value} replaces the {@code best} so far, which came earlier in
     * window order: it is larger, or it is NaN and the best is not (NaN wins, so a diverged
     * activation is not silently dropped). As {@code best == best && !(value <= best)}: no branch
     * on the NaN tests.
     */
    private static boolean beats(float value, float best) {
        return best == best && !(value <= best);
    }

    /** Zero-fills the plane's dx, then adds each output's gradient at its argmax, which must lie in the plane. */
    private static void scatterPlane(int plane, int area, int outArea, MemorySegment dy, int[] argmax, MemorySegment dx) {
        long start = (long) plane * area;
        Buffers.fillZero(dx, start, area);
        for (int o = plane * outArea, end = o + outArea; o < end; o++) {
            long at = argmax[o]; // checked to lie in this plane before the first write
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
        Buffers.fillZero(dx, in, (long) s.height() * s.width());
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

    /**
     * Requires every argmax entry to point into its own input plane, in one read pass before the
     * first write: the scatter would otherwise report a bad entry after overwriting dx. The pass
     * ORs each entry's distances from its plane's two ends, which is negative only if one is out of
     * range: a loop without an exit that C2 vectorizes (the exiting loop ran at a quarter of the
     * backward pass's time). Only a bad plane is read again, to name its first bad entry.
     */
    private static void checkIndicesInPlanes(PoolShape s, int[] argmax) {
        checkIndices(s, argmax);
        int area = s.height() * s.width();
        int outArea = s.outHeight() * s.outWidth();
        for (int plane = 0; plane < s.planes(); plane++) {
            int start = plane * area, last = start + area - 1, from = plane * outArea;
            int outside = 0;
            for (int o = from; o < from + outArea; o++) {
                outside |= (argmax[o] - start) | (last - argmax[o]);
            }
            if (outside < 0) {
                throw badIndex(plane, start, area, from, argmax);
            }
        }
    }

    /** The error naming the first entry from {@code from} on that is outside the plane: the plane holds one. */
    private static IllegalArgumentException badIndex(int plane, int start, int area, int from, int[] argmax) {
        int o = from;
        while (argmax[o] >= start && argmax[o] - start < area) {
            o++;
        }
        return new IllegalArgumentException("argmax[" + o + "] = " + argmax[o] + " is not in its input plane " + plane
                + " (indices [" + start + ", " + (start + area) + "))");
    }
}
