package io.simdnn.kernels;

/** Whether a GEMM operand is used as stored ({@code op(X) = X}) or transposed ({@code op(X) = X^T}). */
public enum Transpose {
    NO_TRANSPOSE,
    TRANSPOSE;

    /** {@code true} for {@link #TRANSPOSE}. */
    public boolean isTransposed() {
        return this == TRANSPOSE;
    }

    /** BLAS-style letter, 'N' or 'T', for messages and benchmark labels. */
    public char letter() {
        return this == TRANSPOSE ? 'T' : 'N';
    }
}
