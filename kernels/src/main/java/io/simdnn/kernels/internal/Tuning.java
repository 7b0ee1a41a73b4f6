package io.simdnn.kernels.internal;

/**
 * The one table of every threshold and block size the kernels use: when work is split between
 * threads, how big a piece is, and how GEMM blocks its operands. Values that depend on the machine
 * are rules over what the machine reports (vector width, cache sizes), never constants for one
 * CPU. docs/tuning.md lists every entry with the measurement behind it.
 *
 * <p>None of these changes results: every split is cut by the problem's shape alone and every
 * element is computed by the same code whatever the split, so results are bit-identical for every
 * thread count. (GEMM's K blocks change how sums are grouped, so they too follow the shape of the
 * whole product, never a thread's part.)
 */
public final class Tuning {
    private Tuning() {}

    // ---- worker threads ----

    /** How long an idle worker spins before parking: a few kernel calls' worth, 0.2 ms. */
    public static final long WORKER_SPIN_NANOS = 200_000;

    // ---- GEMM (BLIS notation; GemmBlocking holds the sizes derived from these) ----

    /**
     * Rows of the GEMM register tile for a vector of {@code floatLanes} lanes when C2 can allocate
     * {@code vectorRegisters} vector registers; the tile is two vectors wide. 12 x 32 on AVX-512
     * (24 accumulators, 27 of 32 registers); 6 x 16 on 256-bit vectors with 32 registers (AVX-512
     * with {@code -XX:MaxVectorSize=32}); 5 x 16 on AVX2 (10 accumulators): C2 loads up to three
     * broadcasts ahead of their FMAs, so 6 x 16 (12 accumulators, 2 B vectors) needs 17 of the 16
     * registers and keeps one accumulator in memory, a store-to-load round trip on every step of K
     * (half speed on a Zen 3 core). Every row keeps more accumulators than FMA pipes x FMA latency
     * (2 x 4) on every core seen; the wide tile halves broadcasts per FMA.
     */
    public static int gemmTileRows(int floatLanes, int vectorRegisters) {
        if (floatLanes >= 16) {
            return 12;
        }
        return vectorRegisters >= 32 ? 6 : 5;
    }

    /** Vectors per row of the GEMM register tile: NR = this x the vector's lanes. */
    public static final int GEMM_TILE_VECTORS = 2;

    /**
     * KC, the depth of a packed panel. Deeper than the rule of thumb (a KC x NR sliver of B in half
     * the L1): writing a C tile costs about as much as 100 steps of K, and the sliver streams from L2
     * fast enough.
     */
    public static final int GEMM_KC = 1024;

    /** MC: rows of the packed A block, {@code MC x KC} floats in this fraction of the L2 (the rest holds the B sliver and C lines). */
    public static final int GEMM_MC_L2_DIVISOR = 3;

    /** NC: columns of the packed B panel, {@code KC x NC} floats in this fraction of the L3 ... */
    public static final int GEMM_NC_L3_DIVISOR = 4;

    /** ... and at most this many columns. */
    public static final int GEMM_NC_MAX = 4096;

    /** A B panel that only one A block reads (a thin A) is cut to this fraction of the L2, so it is still there when read right after packing. */
    public static final int GEMM_L2_PANEL_DIVISOR = 2;

    /**
     * Depth of the K blocks when B is read in place (the whole A thin enough to be packed once, B
     * stored K x N), and the depth the thin-row bound is sized for: thinRows x 512 floats of A in
     * a third of the L2.
     */
    public static final int GEMM_THIN_KC = 512;

    /** Largest A packed whole, once per call: 512K floats (2 MB, about an L2). */
    public static final long GEMM_A_ONCE_FLOATS = 512 * 1024;

    /** Below this many flops ({@code 2 M N K}) a GEMM runs on the calling thread alone: a hand-off costs more than such a product takes. */
    public static final long GEMM_PARALLEL_MIN_FLOPS = 4_000_000L;

    /**
     * Cost model of a thread split's packing and arithmetic, in units of one float of a B panel
     * copied while packing (on Zen 5, one core, scratch timings of {@code GemmPacking}: B copied in
     * 32-wide slivers 0.076 ns per float, transposed 0.18; A copied in 12-wide slivers 0.17,
     * transposed 0.29; the micro-kernel at about 190 GFLOP/s, 0.0053 ns per flop). Splitting C's
     * columns repeats op(A)'s packing on every thread, splitting its rows repeats op(B)'s; the
     * driver takes the split whose busiest thread costs least.
     */
    public static final double GEMM_SPLIT_B_TRANSPOSED_COST = 2.4;

    /** See {@link #GEMM_SPLIT_B_TRANSPOSED_COST}: one float of an A block copied. */
    public static final double GEMM_SPLIT_A_COPIED_COST = 2.2;

    /** See {@link #GEMM_SPLIT_B_TRANSPOSED_COST}: one float of an A block transposed. */
    public static final double GEMM_SPLIT_A_TRANSPOSED_COST = 3.8;

    /** See {@link #GEMM_SPLIT_B_TRANSPOSED_COST}: one flop of the micro-kernel. */
    public static final double GEMM_SPLIT_FLOP_COST = 0.07;

    /**
     * A product is computed as C^T = op(B)^T op(A)^T only when that fills the register tiles this
     * many times better: C^T tiles are stored element by element, so a small gain does not pay.
     */
    public static final double GEMM_TRANSPOSE_MIN_GAIN = 1.25;

    /**
     * Cost model of the narrow GEMM path's two forms, in FMAs of the dot-product form (measured on
     * AMD Zen 4 over N = 5-16, K = 64-512): a 3 x 5 dot tile costs its 15 FMAs per block of 16 k
     * plus this much for its lane sums, stores and call.
     */
    public static final double GEMM_NARROW_DOT_TILE_OVERHEAD = 240;

    /** The broadcast form's cost per row of C and step of k, in the same units (one FMA at best). */
    public static final double GEMM_NARROW_BROADCAST_STEP = 1.875;

    /**
     * Smallest GEMM panel (floats) packed by the register transposition when it must be transposed;
     * smaller ones are moved element by element, which costs well under a microsecond there. The
     * transposition compiles in C2 only (C1 runs out of registers on it), so a product that needs
     * it only a few times per training step (a dense layer's input gradient at K = 10: four
     * 16 x 16 blocks) could leave it interpreted, boxing its vectors, for up to 16 seconds of
     * the CNN step benchmark.
     */
    public static final long GEMM_TRANSPOSE_MIN_FLOATS = 1024;

    /** Depth of one transposing packing chunk: width x 64 floats of the destination stay in L1. */
    public static final int GEMM_PACK_CHUNK = 64;

    // ---- convolution ----

    /** Below this many dw elements the im2col weight-gradient GEMM has too few output tiles to share, so its reduction is split instead. */
    public static final long CONV_SPLIT_MAX_OUTPUT = 4096;

    /** Reduction length per chunk when the weight gradient's reduction is split: long enough to amortize packing. */
    public static final int CONV_SPLIT_MIN_CHUNK = 4096;

    /** At most this many reduction chunks. */
    public static final int CONV_SPLIT_MAX_CHUNKS = 8;

    /**
     * Positions per chunk of the implicit convolution's weight gradient: the chunk's reordered dy
     * (2048 x 32 floats, 256 KB) and the padded input it meets stay in L2 while every tap tile
     * reads them, and each tile's sums are added into the totals once per chunk. The default
     * CNN's second layer, one Zen 5 core: 512 -> 2048 took its weight gradient from 1.71 to 1.56 ms.
     */
    public static final int CONV_GRADIENT_CHUNK = 2048;

    /**
     * Up to this many filter taps (C x KH x KW) the implicit convolution's forward pass and weight
     * gradient keep output positions in the vector lanes (PositionVectorPlan): with so short a
     * reduction the GEMM-shaped tiles spend more on their epilogue and half-empty tap tiles than
     * on FMAs.
     */
    public static final int CONV_POSITION_VECTOR_MAX_TAPS = 75;

    /**
     * Samples per weight-gradient task of the position-vector convolution (the default CNN's
     * first layer): 8 tasks at batch 64, so that 2 threads each take the 32 samples they padded
     * and wrote in the forward pass. A constant, not a function of the thread count: the
     * sample blocks' sums are added in block order, so the blocks fix the results.
     */
    public static final int CONV_GRADIENT_SAMPLES = 8;

    /** Row tiles per forward or input-gradient task of the implicit convolution: about one sample of the default CNN. */
    public static final int CONV_TILES_PER_TASK = 16;

    // ---- element-wise, softmax, batch norm ----

    /**
     * Below this many elements (256 KB of floats) an element-wise pass (ReLU, momentum updates)
     * stays on one thread. Between a step's kernel calls the workers are still spinning, so a
     * hand-off costs a few microseconds, not a wake-up.
     */
    public static final long ELEMENTWISE_MIN_PARALLEL = 1 << 16;

    /** Elements per piece of a split element-wise pass: big enough to amortize a claim, small enough to balance two cores. */
    public static final long ELEMENTWISE_PIECE = 1 << 15;

    /** Logits per softmax block: 512 KB in and out, within a 1-2 MB L2, and 50-90 us of work, enough to pay for a hand-off. */
    public static final long SOFTMAX_BLOCK_ELEMENTS = 1 << 17;

    /** Channels per batch-norm task when each channel has one value per sample: enough to amortize a task, several tasks for wide layers. */
    public static final int BATCH_NORM_ROW_BLOCK = 256;
}
