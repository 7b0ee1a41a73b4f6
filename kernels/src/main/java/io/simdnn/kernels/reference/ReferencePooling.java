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

    /**
     * Max over each window, and the flat input index of the maximum (the first on ties; a NaN wins).
     * Writes y and argmax.
     *
     * @param s      the geometry
     * @param x      input, {@code N x C x H x W}, read only
     * @param y      output, {@code N x C x OH x OW}, overwritten
     * @param argmax receives one index per output element; at least {@code s.outputSize()} long
     * @throws IndexOutOfBoundsException if a segment or {@code argmax} is too small (the arguments are not checked
     *         first: this twin is the definition, the kernel validates)
     */
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

    /**
     * {@code dx[argmax[o]] += dy[o]}, summed in double; dx zero elsewhere (overwritten).
     *
     * @param s      the geometry of the forward call
     * @param dy     gradient of the output, {@code N x C x OH x OW}, read only
     * @param argmax the forward call's indices, read only
     * @param dx     gradient of the input, {@code N x C x H x W}, overwritten
     * @throws IndexOutOfBoundsException if a segment or {@code argmax} is too small (the arguments are not checked
     *         first: this twin is the definition, the kernel validates)
     */
    public static void maxBackward(PoolShape s, MemorySegment dy, int[] argmax, MemorySegment dx) {
        double[] grad = new double[(int) s.inputSize()];
        for (int o = 0; o < s.outputSize(); o++) {
            grad[argmax[o]] += Buffers.get(dy, o);
        }
        for (int i = 0; i < grad.length; i++) {
            Buffers.set(dx, i, (float) grad[i]);
        }
    }

    /**
     * Mean over each window, summed in double. Writes y only.
     *
     * @param s the geometry
     * @param x input, {@code N x C x H x W}, read only
     * @param y output, {@code N x C x OH x OW}, overwritten
     * @throws IndexOutOfBoundsException if a segment is too small (the arguments are not checked
     *         first: this twin is the definition, the kernel validates)
     */
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

    /**
     * {@code dx[i] = sum over the windows containing i of dy[o] / K^2}, in double (overwritten).
     *
     * @param s  the geometry of the forward call
     * @param dy gradient of the output, {@code N x C x OH x OW}, read only
     * @param dx gradient of the input, {@code N x C x H x W}, overwritten
     * @throws IndexOutOfBoundsException if a segment is too small (the arguments are not checked
     *         first: this twin is the definition, the kernel validates)
     */
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
