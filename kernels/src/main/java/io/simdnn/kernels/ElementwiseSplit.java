package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Runs an element-wise pass over n elements in pieces on the kernel threads when n is large
 * enough to pay for the hand-off (a CNN's ReLU over 800K activations, a 400K-weight momentum
 * update: in a 2-thread training step that work stayed on one core). Pieces are cut by n alone
 * and every element is computed by the same code whatever the split, so results do not depend on
 * the thread count. Small passes, and segments the workers cannot access (confined arenas), run
 * on the caller in one piece.
 *
 * <p>A pass works on up to three segments {@code a, b, c} at matching positions, in the order its
 * kernel takes them, with up to three scalar settings. They travel in a per-thread {@link Split}
 * object rather than a capturing lambda, so a call allocates nothing.
 */
final class ElementwiseSplit {
    /**
     * Below this many elements (256 KB of floats) one thread is faster than handing half to
     * another. Between a step's kernel calls the workers are still spinning, so the hand-off costs
     * a few microseconds, not a wake-up: lowering this from 256K to 64K elements (the MLP's
     * 131K-weight momentum update and its 64K-activation ReLUs now split) took the MLP's 2-thread
     * step over its GEMM time from 1.16-1.18 to 1.12-1.15 (median of 60 interleaved rounds, twice).
     */
    static final long MIN_PARALLEL = 1 << 16;
    /** Elements per piece: big enough to amortize a claim, small enough to balance two cores. */
    static final long PIECE = 1 << 15;

    /** The element-wise passes that are split. */
    enum Pass {
        /** c = max(a, 0). */
        RELU_FORWARD,
        /** c = a > 0 ? b : 0 (a: the forward input, b: the output gradient). */
        RELU_BACKWARD,
        /** {@link OptimizerUpdates#sgdMomentum}: a = weights, b = gradient, c = velocity. */
        SGD_MOMENTUM,
        /** {@link OptimizerUpdates#averagedMomentum}: a = weights, b = gradient, c = first moment. */
        AVERAGED_MOMENTUM,
        /** {@link OptimizerUpdates#nesterov}: a = weights, b = gradient, c = velocity. */
        NESTEROV
    }

    private static final ThreadLocal<Split> SPLITS = ThreadLocal.withInitial(Split::new);

    private ElementwiseSplit() {}

    /** Runs a one- or two-input pass over elements [0, n); {@code b} is ignored (may repeat {@code a}) by one-input passes. */
    static void run(Pass pass, long n, MemorySegment a, long aOffset, MemorySegment b, long bOffset,
                    MemorySegment c, long cOffset) {
        run(pass, n, 0f, 0f, 0f, a, aOffset, b, bOffset, c, cOffset);
    }

    /** Runs a momentum update over elements [0, n) with its learning rate, momentum and L2 factor. */
    static void run(Pass pass, long n, float learningRate, float momentum, float l2,
                    MemorySegment a, long aOffset, MemorySegment b, long bOffset, MemorySegment c, long cOffset) {
        Split split = SPLITS.get();
        split.pass = pass;
        split.n = n;
        split.learningRate = learningRate;
        split.momentum = momentum;
        split.l2 = l2;
        split.a = a;
        split.aOffset = aOffset;
        split.b = b;
        split.bOffset = bOffset;
        split.c = c;
        split.cOffset = cOffset;
        try {
            if (n < MIN_PARALLEL || KernelThreads.parallelism() == 1) {
                split.runRange(0, n);
            } else {
                KernelThreads.parallelForOn((int) ((n + PIECE - 1) / PIECE), split, a, b, c);
            }
        } finally {
            split.a = split.b = split.c = null;
        }
    }

    /** One split call: piece p covers elements [p * PIECE, min(n, (p + 1) * PIECE)). */
    private static final class Split implements KernelThreads.Task {
        private Pass pass;
        private long n;
        private float learningRate, momentum, l2;
        private MemorySegment a, b, c;
        private long aOffset, bOffset, cOffset;

        @Override
        public void run(int piece) {
            long from = piece * PIECE;
            runRange(from, Math.min(PIECE, n - from));
        }

        void runRange(long from, long count) {
            long ia = aOffset + from, ib = bOffset + from, ic = cOffset + from;
            switch (pass) {
                case RELU_FORWARD -> ElementwiseKernels.relu(count, a, ia, c, ic);
                case RELU_BACKWARD -> ElementwiseKernels.reluBackward(count, a, ia, b, ib, c, ic);
                case SGD_MOMENTUM -> ElementwiseKernels.sgdMomentum(count, learningRate, momentum, l2, a, ia, b, ib, c, ic);
                case AVERAGED_MOMENTUM -> ElementwiseKernels.averagedMomentum(count, learningRate, momentum, l2, a, ia, b, ib, c, ic);
                case NESTEROV -> ElementwiseKernels.nesterov(count, learningRate, momentum, l2, a, ia, b, ib, c, ic);
            }
        }
    }
}
