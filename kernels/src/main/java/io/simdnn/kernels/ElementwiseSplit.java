package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Runs an element-wise pass over n elements in pieces on the kernel threads when n is large
 * enough to pay for the hand-off (a CNN's ReLU over 800K activations; the 2-thread training step
 * had all its element-wise work on one core). Every element is computed by the same code
 * whatever the split, so results do not depend on the thread count. Small passes, and segments
 * the workers cannot access (confined arenas), run on the caller in one piece.
 *
 * <p>A pass reads one or two inputs and writes one output at matching positions. Its arguments
 * travel in a per-thread {@link Split} object rather than a capturing lambda, so a call allocates
 * nothing.
 */
final class ElementwiseSplit {
    /** Below this many elements (1 MB of floats) one thread is faster than waking another. */
    static final long MIN_PARALLEL = 1 << 18;
    /** Elements per piece: big enough to amortize a claim, small enough to balance two cores. */
    static final long PIECE = 1 << 16;

    /** The element-wise passes that are split. */
    enum Pass {
        /** out = max(in, 0). */
        RELU_FORWARD,
        /** out = in > 0 ? in2 : 0 (in: the forward input, in2: the output gradient). */
        RELU_BACKWARD;

        void run(long count, MemorySegment in, long inOffset, MemorySegment in2, long in2Offset,
                 MemorySegment out, long outOffset) {
            switch (this) {
                case RELU_FORWARD -> ElementwiseKernels.relu(count, in, inOffset, out, outOffset);
                case RELU_BACKWARD -> ElementwiseKernels.reluBackward(count, in, inOffset, in2, in2Offset, out, outOffset);
            }
        }
    }

    private static final ThreadLocal<Split> SPLITS = ThreadLocal.withInitial(Split::new);

    private ElementwiseSplit() {}

    /** Runs {@code pass} over elements [0, n); {@code in2} is ignored (may repeat {@code in}) by one-input passes. */
    static void run(Pass pass, long n, MemorySegment in, long inOffset, MemorySegment in2, long in2Offset,
                    MemorySegment out, long outOffset) {
        if (n < MIN_PARALLEL || KernelThreads.parallelism() == 1) {
            pass.run(n, in, inOffset, in2, in2Offset, out, outOffset);
            return;
        }
        Split split = SPLITS.get();
        split.set(pass, n, in, inOffset, in2, in2Offset, out, outOffset);
        try {
            KernelThreads.parallelForOn(split.pieces(), split, in, in2, out);
        } finally {
            split.clear();
        }
    }

    /** One split call: piece p covers elements [p * PIECE, min(n, (p + 1) * PIECE)). */
    private static final class Split implements KernelThreads.Task {
        private Pass pass;
        private long n;
        private MemorySegment in, in2, out;
        private long inOffset, in2Offset, outOffset;

        void set(Pass pass, long n, MemorySegment in, long inOffset, MemorySegment in2, long in2Offset,
                 MemorySegment out, long outOffset) {
            this.pass = pass;
            this.n = n;
            this.in = in;
            this.inOffset = inOffset;
            this.in2 = in2;
            this.in2Offset = in2Offset;
            this.out = out;
            this.outOffset = outOffset;
        }

        int pieces() {
            return (int) ((n + PIECE - 1) / PIECE);
        }

        void clear() {
            in = null;
            in2 = null;
            out = null;
        }

        @Override
        public void run(int piece) {
            long from = piece * PIECE;
            pass.run(Math.min(PIECE, n - from), in, inOffset + from, in2, in2Offset + from, out, outOffset + from);
        }
    }
}
