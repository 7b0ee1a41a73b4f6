package io.simdnn.kernels.gemm;

import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.Tuning;

/**
 * Shape of the micro-kernel's register tile, readable without loading the Vector API, from one
 * table keyed by the vector width C2 compiles for:
 *
 * <table>
 *   <caption>register tile per vector width</caption>
 *   <tr><th>vector bits</th><th>MR x NR</th><th>accumulators</th><th>registers</th></tr>
 *   <tr><td>512 (AVX-512)</td><td>12 x 32</td><td>24</td><td>27 of 32</td></tr>
 *   <tr><td>256, 32 registers (AVX-512 at {@code MaxVectorSize=32})</td><td>6 x 16</td><td>12</td><td>15 of 32</td></tr>
 *   <tr><td>256 (AVX2, 16 registers), 128</td><td>5 x 16 (5 x 8)</td><td>10</td><td>13 of 16</td></tr>
 * </table>
 *
 * A tile keeps {@code FMA pipes x FMA latency} independent accumulators busy at least (2 x 4 = 8
 * on the two-pipe AVX-512 cores, Zen 5 and Sapphire/Emerald Rapids; 2 x 4 on Zen 4's double-pumped
 * pipes), so both rows cover every core seen. The wider 512-bit tile halves the broadcasts and
 * loop overhead per FMA: measured in L1 on a Zen 5 core, 12 x 32 runs at 96-100% of the FMA peak
 * where 6 x 32 runs at 75-80%; 8 x 48 (24 accumulators too) spills two accumulators because C2
 * hoists all eight broadcasts ahead of the FMAs. With 16 registers the same hoisting (up to three
 * broadcasts) is why AVX2 gets 5 rows: 6 x 16 spilled an accumulator, and in L1 on a Zen 3 core
 * ran at 39-40 GFLOP/s where 5 x 16 runs at 76-80 (peak 88).
 */
final class GemmMicroKernelShape {
    /** Whether C2 compiles for 512-bit vectors (the preferred species has 16 float lanes). */
    static final boolean WIDE = VectorSupport.isEnabled() && VectorSupport.floatLanes() >= 16;
    static final int MR = Tuning.gemmTileRows(WIDE ? 16 : 8, VectorSupport.vectorRegisters());
    static final int VECTORS_PER_ROW = Tuning.GEMM_TILE_VECTORS;

    private GemmMicroKernelShape() {}

    static int nr() {
        return VECTORS_PER_ROW * (VectorSupport.isEnabled() ? VectorSupport.floatLanes() : 8);
    }
}
