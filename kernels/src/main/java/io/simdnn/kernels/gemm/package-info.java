/**
 * Single-precision matrix multiply, {@code C = alpha op(A) op(B) + beta C}, row-major, in the
 * BLIS structure: operands packed into cache-sized blocks, a register-tile micro-kernel chosen by
 * the vector width, and block sizes derived from the machine's caches
 * ({@link io.simdnn.kernels.gemm.GemmBlocking}).
 *
 * <p>Convention: each matrix is a segment, an element offset and a leading dimension, as in BLAS.
 * Only C is written; C must not overlap A or B (checked). Products above a few million flops are
 * split over the kernel threads by blocks of C, with the same K blocking for every split, so
 * results are bit-identical for every thread count. docs/gemm.md describes the design.
 */
package io.simdnn.kernels.gemm;
