package io.simdnn.kernels.loss;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.internal.Workers;

/**
 * Runs {@link SoftmaxKernel#rows} over blocks of rows, on the kernel threads when there is more
 * than one block (a 4096 x 1000 batch of logits: 32 blocks). Blocks are cut by n and k alone, each
 * block's losses are summed in row order and the blocks' sums in block order, so the loss and
 * every output value are the same for any thread count. A batch of one block (a training step's
 * 128 x 10 logits) runs on the caller as one call of the kernel, with no hand-off.
 *
 * <p>Each block restarts the kernel's row pipeline, which costs one extra sweep per block (1.5%
 * at 131 rows of 1000) and keeps a block's reads inside its own rows: with the output in place of
 * the logits, no thread reads rows another is writing. The call's arguments travel in a
 * per-thread {@link Blocks} object rather than a capturing lambda, so a call allocates nothing
 * once its per-block loss array has grown.
 */
final class SoftmaxSplit {

    private static final ThreadLocal<Blocks> BLOCKS = ThreadLocal.withInitial(Blocks::new);

    private SoftmaxSplit() {}

    /** {@link SoftmaxKernel#rows}, block by block; returns the sum of the rows' losses. */
    static double rows(int n, int k, MemorySegment logits, long logitsOffset, int ldLogits,
                       int[] labels, int labelsOffset, float scale, MemorySegment out, long outOffset, int ldOut) {
        int rowsPerBlock = rowsPerBlock(k);
        int blocks = (n + rowsPerBlock - 1) / rowsPerBlock;
        if (blocks <= 1) {
            return SoftmaxKernel.rows(n, k, logits, logitsOffset, ldLogits, labels, labelsOffset, scale, out, outOffset, ldOut);
        }
        Blocks task = BLOCKS.get();
        task.set(n, k, rowsPerBlock, logits, logitsOffset, ldLogits, labels, labelsOffset, scale, out, outOffset, ldOut, blocks);
        try {
            Workers.parallelForOn(blocks, task, logits, out);
            double total = 0;
            for (int block = 0; block < blocks; block++) {
                total += task.losses[block];
            }
            return total;
        } finally {
            task.logits = task.out = null;
            task.labels = null;
        }
    }

    /** Rows per block for k classes: at least one. */
    static int rowsPerBlock(int k) {
        return (int) Math.max(1, Tuning.SOFTMAX_BLOCK_ELEMENTS / k);
    }

    /** One split call: block b covers rows [b * rowsPerBlock, min(n, (b + 1) * rowsPerBlock)). */
    private static final class Blocks implements Workers.Task {
        private int n, k, rowsPerBlock, ldLogits, ldOut, labelsOffset;
        private MemorySegment logits, out;
        private long logitsOffset, outOffset;
        private int[] labels;
        private float scale;
        /** Each block's sum of losses, written by whichever thread ran the block. */
        private double[] losses = new double[0];

        void set(int n, int k, int rowsPerBlock, MemorySegment logits, long logitsOffset, int ldLogits, int[] labels,
                 int labelsOffset, float scale, MemorySegment out, long outOffset, int ldOut, int blocks) {
            this.n = n;
            this.k = k;
            this.rowsPerBlock = rowsPerBlock;
            this.logits = logits;
            this.logitsOffset = logitsOffset;
            this.ldLogits = ldLogits;
            this.labels = labels;
            this.labelsOffset = labelsOffset;
            this.scale = scale;
            this.out = out;
            this.outOffset = outOffset;
            this.ldOut = ldOut;
            if (losses.length < blocks) {
                losses = new double[blocks];
            }
        }

        @Override
        public void run(int block) {
            int first = block * rowsPerBlock;
            int count = Math.min(rowsPerBlock, n - first);
            losses[block] = SoftmaxKernel.rows(count, k, logits, logitsOffset + (long) first * ldLogits, ldLogits,
                    labels, labelsOffset + first, scale, out, outOffset + (long) first * ldOut, ldOut);
        }
    }
}
