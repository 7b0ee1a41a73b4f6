package io.simdnn.kernels;

/** Whether a GEMM operand is used as stored ({@code op(X) = X}) or transposed ({@code op(X) = X^T}). */
public enum Transpose {
    /** The operand is used as stored: {@code op(X) = X}. */
    NO_TRANSPOSE,
    /** The operand is used transposed: {@code op(X) = X^T}, read from the stored matrix without a copy. */
    TRANSPOSE;

    /**
     * Whether this is {@link #TRANSPOSE}.
     *
     * @return {@code true} for {@link #TRANSPOSE}
     */
    public boolean isTransposed() {
        return this == TRANSPOSE;
    }

    /**
     * BLAS-style letter, for messages and benchmark labels.
     *
     * @return {@code 'N'} or {@code 'T'}
     */
    public char letter() {
        return this == TRANSPOSE ? 'T' : 'N';
    }
}
