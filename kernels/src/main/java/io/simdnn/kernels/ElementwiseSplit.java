package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Runs an element-wise pass over n elements in pieces on the kernel threads when n is large
 * enough to pay for the hand-off (a CNN's ReLU over 800K activations; the 2-thread training step
 * had all its element-wise work on one core). Every element is computed by the same code
 * whatever the split, so results do not depend on the thread count. Small passes, and segments
 * the workers cannot access (confined arenas), run on the caller in one piece.
 */
final class ElementwiseSplit {
    /** Below this many elements (1 MB of floats) one thread is faster than waking another. */
    static final long MIN_PARALLEL = 1 << 18;
    /** Elements per piece: big enough to amortize a claim, small enough to balance two cores. */
    static final long PIECE = 1 << 16;

    /** The pass over elements [from, from + count). */
    interface Pass {
        void run(long from, long count);
    }

    private ElementwiseSplit() {}

    static void run(long n, Pass pass, MemorySegment a, MemorySegment b, MemorySegment c) {
        if (n < MIN_PARALLEL || KernelThreads.parallelism() == 1) {
            pass.run(0, n);
            return;
        }
        int pieces = (int) ((n + PIECE - 1) / PIECE);
        KernelThreads.parallelForOn(pieces, piece -> {
            long from = piece * PIECE;
            pass.run(from, Math.min(PIECE, n - from));
        }, a, b, c);
    }
}
