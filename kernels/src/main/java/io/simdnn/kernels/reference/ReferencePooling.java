package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.PoolShape;

/** Scalar twin of {@link io.simdnn.kernels.pool.Pooling}, from the definitions, in double. */
public final class ReferencePooling {
    private ReferencePooling() {}

    private static long inputIndex(PoolShape s, int plane, int h, int w) {
        return ((long) plane * s.height() + h) * s.width() + w;
    }

    public static void maxForward(PoolShape s, MemorySegment x, MemorySegment y, int[] argmax) {
        int o = 0;
        for (int plane = 0; plane < s.planes(); plane++) {
            for (int oh = 0; oh < s.outHeight(); oh++) {
                for (int ow = 0; ow < s.outWidth(); ow++, o++) {
                    long best = -1;
                    float bestValue = Float.NEGATIVE_INFINITY;
                    for (int kh = 0; kh < s.kernel(); kh++) {
                        for (int kw = 0; kw < s.kernel(); kw++) {
                            long at = inputIndex(s, plane, oh * s.stride() + kh, ow * s.stride() + kw);
                            float value = Buffers.get(x, at);
                            if (best < 0 || value > bestValue || (Float.isNaN(value) && !Float.isNaN(bestValue))) {
                                best = at;
                                bestValue = value;
                            }
                        }
                    }
                    Buffers.set(y, o, bestValue);
                    argmax[o] = (int) best;
                }
            }
        }
    }

    public static void maxBackward(PoolShape s, MemorySegment dy, int[] argmax, MemorySegment dx) {
        double[] grad = new double[(int) s.inputSize()];
        for (int o = 0; o < s.outputSize(); o++) {
            grad[argmax[o]] += Buffers.get(dy, o);
        }
        for (int i = 0; i < grad.length; i++) {
            Buffers.set(dx, i, (float) grad[i]);
        }
    }

    public static void averageForward(PoolShape s, MemorySegment x, MemorySegment y) {
        int o = 0;
        for (int plane = 0; plane < s.planes(); plane++) {
            for (int oh = 0; oh < s.outHeight(); oh++) {
                for (int ow = 0; ow < s.outWidth(); ow++, o++) {
                    double sum = 0;
                    for (int kh = 0; kh < s.kernel(); kh++) {
                        for (int kw = 0; kw < s.kernel(); kw++) {
                            sum += Buffers.get(x, inputIndex(s, plane, oh * s.stride() + kh, ow * s.stride() + kw));
                        }
                    }
                    Buffers.set(y, o, (float) (sum / (s.kernel() * s.kernel())));
                }
            }
        }
    }

    public static void averageBackward(PoolShape s, MemorySegment dy, MemorySegment dx) {
        double[] grad = new double[(int) s.inputSize()];
        int o = 0;
        for (int plane = 0; plane < s.planes(); plane++) {
            for (int oh = 0; oh < s.outHeight(); oh++) {
                for (int ow = 0; ow < s.outWidth(); ow++, o++) {
                    double share = Buffers.get(dy, o) / (s.kernel() * s.kernel());
                    for (int kh = 0; kh < s.kernel(); kh++) {
                        for (int kw = 0; kw < s.kernel(); kw++) {
                            grad[(int) inputIndex(s, plane, oh * s.stride() + kh, ow * s.stride() + kw)] += share;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < grad.length; i++) {
            Buffers.set(dx, i, (float) grad[i]);
        }
    }
}
