/**
 * Scalar reference twins of the kernels: the same signatures and argument contracts, written as
 * the formulas read, in plain loops (several in double precision). They are the definitions the
 * property tests compare the vector kernels against, and what the kernels run when the Vector API
 * is absent. They share only the argument checks with the kernels, never the arithmetic.
 */
package io.simdnn.kernels.reference;
