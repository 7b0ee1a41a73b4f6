package io.simdnn.kernels;

import io.simdnn.kernels.gemm.Gemm;
import io.simdnn.kernels.pool.Pooling;
import io.simdnn.kernels.reference.ReferenceGemm;
import io.simdnn.kernels.reference.ReferencePooling;


/**
 * Run by {@link VectorFallbackTest} in a child JVM without {@code --add-modules
 * jdk.incubator.vector}: computes a few small GEMMs through {@link Gemm}, compares them with
 * {@link ReferenceGemm}, runs 2x2 pooling against {@link ReferencePooling}, checks that arguments are still validated, and prints
 * {@code RESULT OK} or {@code RESULT FAIL ...}, then {@link VectorSupport#describe()}.
 * Not a test itself (no Test suffix): surefire does not pick it up.
 */
public final class FallbackMain {
    private FallbackMain() {}

    public static void main(String[] args) {
        String failure = null;
        // three calls: the warning must still appear only once
        for (int round = 0; round < 3 && failure == null; round++) {
            int m = 5 + round, n = 7, k = 3 + 2 * round;
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (i % 7) - 3;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (i % 5) - 2;
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = i;
            }
            float[] expected = c.clone();
            ReferenceGemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k, 2f, a, 0, k, b, 0, n, -1f, expected, 0, n);
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k, 2f, a, 0, k, b, 0, n, -1f, c, 0, n);
            // small integers: every result is exact, so it must equal the reference bit for bit
            if (!java.util.Arrays.equals(expected, c)) {
                failure = "round " + round + ": " + java.util.Arrays.toString(c) + " != " + java.util.Arrays.toString(expected);
            }
        }
        // hand-checked: [1 2; 3 4] x [5 6; 7 8] = [19 22; 43 50]
        float[] product = new float[4];
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2,
                new float[] {5, 6, 7, 8}, 0, 2, 0f, product, 0, 2);
        if (failure == null && !java.util.Arrays.equals(product, new float[] {19, 22, 43, 50})) {
            failure = "2x2 product " + java.util.Arrays.toString(product);
        }
        if (failure == null) {
            failure = poolingFailure();
        }
        try {
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 2, 2, 2, 1f, new float[4], 0, 1,
                    new float[4], 0, 2, 0f, new float[4], 0, 2);
            failure = failure != null ? failure : "bad lda accepted";
        } catch (IllegalArgumentException expected) {
            // validated on the fallback path too
        }
        System.out.println(failure == null ? "RESULT OK" : "RESULT FAIL " + failure);
        System.out.println("ENABLED " + VectorSupport.isEnabled());
        System.out.println("DESCRIBE " + VectorSupport.describe());
        System.exit(failure == null ? 0 : 1);
    }

    /** 2x2 stride-2 pooling (which has a vector path) of 2 planes of 4 x 5, against the reference; null when equal. */
    private static String poolingFailure() {
        PoolShape s = new PoolShape(1, 2, 4, 5, 2, 2);
        float[] x = new float[(int) s.inputSize()], dy = new float[(int) s.outputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7) % 11 - 5;
        }
        for (int o = 0; o < dy.length; o++) {
            dy[o] = o - 3;
        }
        float[] y = new float[dy.length], yRef = new float[dy.length], dx = new float[x.length], dxRef = new float[x.length];
        int[] argmax = new int[dy.length], argmaxRef = new int[dy.length];
        Pooling.maxForward(s, Buffers.wrap(x), Buffers.wrap(y), argmax);
        ReferencePooling.maxForward(s, Buffers.wrap(x), Buffers.wrap(yRef), argmaxRef);
        Pooling.maxBackward(s, Buffers.wrap(dy), argmax, Buffers.wrap(dx));
        ReferencePooling.maxBackward(s, Buffers.wrap(dy), argmaxRef, Buffers.wrap(dxRef));
        if (!java.util.Arrays.equals(y, yRef) || !java.util.Arrays.equals(argmax, argmaxRef) || !java.util.Arrays.equals(dx, dxRef)) {
            return "max pooling " + java.util.Arrays.toString(y) + " " + java.util.Arrays.toString(dx);
        }
        Pooling.averageForward(s, Buffers.wrap(x), Buffers.wrap(y));
        ReferencePooling.averageForward(s, Buffers.wrap(x), Buffers.wrap(yRef));
        Pooling.averageBackward(s, Buffers.wrap(dy), Buffers.wrap(dx));
        ReferencePooling.averageBackward(s, Buffers.wrap(dy), Buffers.wrap(dxRef));
        // quarters of small integers: exact either way
        if (!java.util.Arrays.equals(y, yRef) || !java.util.Arrays.equals(dx, dxRef)) {
            return "average pooling " + java.util.Arrays.toString(y) + " " + java.util.Arrays.toString(dx);
        }
        return null;
    }
}
