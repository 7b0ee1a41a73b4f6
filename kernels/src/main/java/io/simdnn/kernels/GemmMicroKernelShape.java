package io.simdnn.kernels;

/**
 * Shape of the micro-kernel's register tile, readable without loading the Vector API:
 * {@code MR} rows by two vectors of the preferred species (16 floats on AVX2, 32 on AVX-512).
 */
final class GemmMicroKernelShape {
    static final int MR = 6;
    static final int VECTORS_PER_ROW = 2;

    private GemmMicroKernelShape() {}

    static int nr() {
        return VECTORS_PER_ROW * (VectorSupport.isEnabled() ? VectorSupport.floatLanes() : 8);
    }
}
