package io.simdnn.kernels.conv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.gemm.Gemm;
import io.simdnn.kernels.internal.Workers;

/**
 * The input gradient of an im2col convolution, one sample per task: {@code dcols = w^T dyT_n}
 * (P x OH*OW, the sample's columns of the reordered output gradient) into the running thread's
 * scratch, then col2im of that block into the sample's planes of dx.
 *
 * <p>Computed for the whole batch at once, dcols would be P x N*OH*OW, 20 MB for the default
 * CNN's second layer, which the GEMM writes out to memory and col2im reads back. A sample's block
 * (313 KB there) is still in the core's L2 cache when col2im reads it. Each sample is computed by
 * one thread with the same arithmetic whatever the thread count (the GEMM inside a task runs
 * inline), and samples write disjoint planes of dx, so results do not depend on the thread count.
 */
final class ConvInputGradient implements Workers.Task {
    private static final ThreadLocal<ConvInputGradient> PER_THREAD = ThreadLocal.withInitial(ConvInputGradient::new);
    /**
     * Each thread's dcols block. Per thread, not per workspace: tasks of one call run on several
     * threads at once. Native (the GEMM's other operands are) and from an automatic arena, so any
     * kernel thread may use it and the garbage collector frees it once its thread is gone. It
     * grows to the largest sample block seen (313 KB for the default CNN) and is then reused.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private ConvShape s;
    private MemorySegment w, gradProduct, dx;

    private ConvInputGradient() {}

    /** Writes dx from the filters w and the reordered output gradient {@code gradProduct} [F, N*OH*OW]. */
    static void compute(ConvShape s, MemorySegment w, MemorySegment gradProduct, MemorySegment dx) {
        ConvInputGradient task = PER_THREAD.get();
        task.s = s;
        task.w = w;
        task.gradProduct = gradProduct;
        task.dx = dx;
        try {
            Workers.parallelForOn(s.batch(), task, w, gradProduct, dx);
        } finally {
            task.w = task.gradProduct = task.dx = null;
        }
    }

    @Override
    public void run(int n) {
        int patch = s.patchSize();
        int area = s.outHeight() * s.outWidth();
        MemorySegment dcols = SCRATCH.get().atLeast((long) patch * area);
        Gemm.sgemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, patch, area, s.filters(), 1f,
                w, 0, patch, gradProduct, (long) n * area, s.columnCount(), 0f, dcols, 0, area);
        Im2col.col2imSample(s, n, dcols, dx);
    }

    /** A growing native buffer. */
    private static final class Scratch {
        private MemorySegment floats = MemorySegment.NULL;

        MemorySegment atLeast(long count) {
            if (Buffers.floatCount(floats) < count) {
                floats = Buffers.allocate(Arena.ofAuto(), count);
            }
            return floats;
        }
    }
}
