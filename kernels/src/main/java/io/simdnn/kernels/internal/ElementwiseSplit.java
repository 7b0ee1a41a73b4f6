package io.simdnn.kernels.internal;

import java.lang.foreign.MemorySegment;

/**
 * An element-wise pass over n elements, run in pieces on the worker threads when n is large
 * enough to pay for the hand-off ({@link Tuning#ELEMENTWISE_MIN_PARALLEL}). Pieces are cut by n
 * alone and every element is computed by the same code whatever the split, so results do not
 * depend on the thread count. Small passes, and segments the workers cannot access (confined
 * arenas), run on the caller in one piece.
 *
 * <p>A pass works on up to three segments {@code a, b, c} at matching positions, in the order its
 * kernel takes them. A subclass holds its scalar settings and computes a range; callers keep one
 * instance per thread (a {@code ThreadLocal}) rather than a capturing lambda, so a call allocates
 * nothing.
 */
public abstract class ElementwiseSplit implements Workers.Task {
    private long n;
    /** The pass's segments, set for the duration of one {@link #split} call. */
    protected MemorySegment a, b, c;
    /** Element offsets of {@link #a}, {@link #b} and {@link #c}. */
    protected long aOffset, bOffset, cOffset;

    /** Computes elements {@code [from, from + count)} of the pass (relative to the offsets). */
    protected abstract void runRange(long from, long count);

    /**
     * Runs the pass over elements {@code [0, n)}; one-input passes may repeat {@code a} as {@code b}.
     * Clears its segment references afterwards so a thread's instance keeps no buffer alive.
     */
    public final void split(long n, MemorySegment a, long aOffset, MemorySegment b, long bOffset,
                            MemorySegment c, long cOffset) {
        this.n = n;
        this.a = a;
        this.aOffset = aOffset;
        this.b = b;
        this.bOffset = bOffset;
        this.c = c;
        this.cOffset = cOffset;
        try {
            long piece = Tuning.ELEMENTWISE_PIECE;
            if (n < Tuning.ELEMENTWISE_MIN_PARALLEL || Workers.parallelism() == 1) {
                runRange(0, n);
            } else {
                Workers.parallelForOn((int) ((n + piece - 1) / piece), this, a, b, c);
            }
        } finally {
            this.a = this.b = this.c = null;
        }
    }

    /** Piece p covers elements {@code [p * PIECE, min(n, (p + 1) * PIECE))}. */
    @Override
    public final void run(int piece) {
        long from = piece * Tuning.ELEMENTWISE_PIECE;
        runRange(from, Math.min(Tuning.ELEMENTWISE_PIECE, n - from));
    }
}
