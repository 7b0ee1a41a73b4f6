package io.simdnn.kernels.reference;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;

/**
 * Scalar twin of {@link io.simdnn.kernels.conv.Conv2d}: the direct convolution and its gradients,
 * written from the definition
 * {@code y[n][f][oh][ow] = b[f] + sum_{c,kh,kw} w[f][c][kh][kw] * x[n][c][oh*sh - ph + kh*dh][ow*sw - pw + kw*dw]}
 * (terms in the padding are zero), with double accumulators.
 */
public final class ReferenceConv2d {
    private ReferenceConv2d() {}

    /**
     * {@code y = conv(x, w) + b} by the definition above, in double. Writes y only; y must not
     * overlap x, w or b. Every segment starts at its tensor's first element.
     *
     * @param s the geometry
     * @param x input, {@code N x C x H x W}, read only
     * @param w filters, {@code F x C x KH x KW}, read only
     * @param b bias, {@code F}, read only
     * @param y output, {@code N x F x OH x OW}, overwritten
     * @throws IndexOutOfBoundsException if a segment is smaller than its tensor (the arguments are not
     *         checked first: this twin is the definition, the kernel validates)
     */
    public static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y) {
        for (int n = 0; n < s.batch(); n++) {
            for (int f = 0; f < s.filters(); f++) {
                for (int oh = 0; oh < s.outHeight(); oh++) {
                    for (int ow = 0; ow < s.outWidth(); ow++) {
                        double sum = Buffers.get(b, f);
                        for (int c = 0; c < s.channels(); c++) {
                            for (int kh = 0; kh < s.kernelHeight(); kh++) {
                                for (int kw = 0; kw < s.kernelWidth(); kw++) {
                                    int ih = oh * s.strideH() - s.padH() + kh * s.dilationH();
                                    int iw = ow * s.strideW() - s.padW() + kw * s.dilationW();
                                    if (ih >= 0 && ih < s.height() && iw >= 0 && iw < s.width()) {
                                        sum += (double) Buffers.get(w, weightIndex(s, f, c, kh, kw)) * Buffers.get(x, inputIndex(s, n, c, ih, iw));
                                    }
                                }
                            }
                        }
                        Buffers.set(y, outputIndex(s, n, f, oh, ow), (float) sum);
                    }
                }
            }
        }
    }

    /**
     * dw, db and dx of the loss whose gradient with respect to y is dy, in double, from the forward
     * input x itself (no workspace). Overwrites dw, db and, unless dx is null, dx; the outputs must
     * not overlap the inputs or each other.
     *
     * @param s  the geometry of the forward call
     * @param x  the forward input, {@code N x C x H x W}, read only
     * @param w  filters, {@code F x C x KH x KW}, read only
     * @param dy gradient of the output, {@code N x F x OH x OW}, read only
     * @param dw gradient of the filters, {@code F x C x KH x KW}, overwritten
     * @param db gradient of the bias, {@code F}, overwritten
     * @param dx gradient of the input, {@code N x C x H x W}, overwritten; null to skip it
     * @throws IndexOutOfBoundsException if a segment is smaller than its tensor (the arguments are not
     *         checked first: this twin is the definition, the kernel validates)
     */
    public static void backward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment dy,
                                MemorySegment dw, MemorySegment db, MemorySegment dx) {
        double[] gradW = new double[(int) s.weightSize()];
        double[] gradB = new double[s.filters()];
        double[] gradX = new double[(int) s.inputSize()];
        for (int n = 0; n < s.batch(); n++) {
            for (int f = 0; f < s.filters(); f++) {
                for (int oh = 0; oh < s.outHeight(); oh++) {
                    for (int ow = 0; ow < s.outWidth(); ow++) {
                        double g = Buffers.get(dy, outputIndex(s, n, f, oh, ow));
                        gradB[f] += g;
                        for (int c = 0; c < s.channels(); c++) {
                            for (int kh = 0; kh < s.kernelHeight(); kh++) {
                                for (int kw = 0; kw < s.kernelWidth(); kw++) {
                                    int ih = oh * s.strideH() - s.padH() + kh * s.dilationH();
                                    int iw = ow * s.strideW() - s.padW() + kw * s.dilationW();
                                    if (ih >= 0 && ih < s.height() && iw >= 0 && iw < s.width()) {
                                        int wi = (int) weightIndex(s, f, c, kh, kw);
                                        int xi = (int) inputIndex(s, n, c, ih, iw);
                                        gradW[wi] += g * Buffers.get(x, xi);
                                        gradX[xi] += g * Buffers.get(w, wi);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < gradW.length; i++) {
            Buffers.set(dw, i, (float) gradW[i]);
        }
        for (int i = 0; i < gradB.length; i++) {
            Buffers.set(db, i, (float) gradB[i]);
        }
        if (dx != null) {
            for (int i = 0; i < gradX.length; i++) {
                Buffers.set(dx, i, (float) gradX[i]);
            }
        }
    }

    static long inputIndex(ConvShape s, int n, int c, int h, int w) {
        return (((long) n * s.channels() + c) * s.height() + h) * s.width() + w;
    }

    static long weightIndex(ConvShape s, int f, int c, int kh, int kw) {
        return (((long) f * s.channels() + c) * s.kernelHeight() + kh) * s.kernelWidth() + kw;
    }

    static long outputIndex(ConvShape s, int n, int f, int oh, int ow) {
        return (((long) n * s.filters() + f) * s.outHeight() + oh) * s.outWidth() + ow;
    }
}
