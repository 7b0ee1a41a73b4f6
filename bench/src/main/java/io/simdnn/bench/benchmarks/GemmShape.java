package io.simdnn.bench.benchmarks;

import io.simdnn.kernels.Transpose;

/**
 * A benchmark GEMM shape written {@code MxNxK:TT}, e.g. {@code 784x512x128:TN} (A transposed,
 * B not). The transpose suffix is optional and defaults to NN.
 */
public record GemmShape(int m, int n, int k, Transpose transA, Transpose transB) {
    public GemmShape {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("GEMM shape sizes must be >= 1, got " + m + "x" + n + "x" + k);
        }
    }

    public static GemmShape parse(String text) {
        String[] parts = text.trim().split(":");
        String[] sizes = parts[0].split("x");
        String transposes = parts.length > 1 ? parts[1].toUpperCase() : "NN";
        if (sizes.length != 3 || parts.length > 2 || !transposes.matches("[NT][NT]")) {
            throw new IllegalArgumentException("GEMM shape must look like 256x512x784 or 784x512x128:TN, got '" + text + "'");
        }
        try {
            return new GemmShape(Integer.parseInt(sizes[0]), Integer.parseInt(sizes[1]), Integer.parseInt(sizes[2]),
                    transposes.charAt(0) == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE,
                    transposes.charAt(1) == 'T' ? Transpose.TRANSPOSE : Transpose.NO_TRANSPOSE);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GEMM shape must look like 256x512x784 or 784x512x128:TN, got '" + text + "'");
        }
    }

    /** Floating-point operations of one product: a multiply and an add per term. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** Stored rows x columns of A, B and their leading dimensions (tight, row-major). */
    public int lda() {
        return transA.isTransposed() ? m : k;
    }

    public int ldb() {
        return transB.isTransposed() ? k : n;
    }

    public String transposes() {
        return "" + transA.letter() + transB.letter();
    }

    @Override
    public String toString() {
        return m + "x" + n + "x" + k + ":" + transposes();
    }
}
