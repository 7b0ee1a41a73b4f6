package io.simdnn.kernels.conv;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.gemm.Gemm;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.internal.Workers;
import io.simdnn.kernels.internal.checks.ConvChecks;

/**
 * 2-D convolution (cross-correlation, as in deep-learning frameworks) over a batch in NCHW
 * layout, by im2col + GEMM, and its gradients. Shapes are given by a {@link ConvShape}; x is the
 * input, w the filters {@code F x C x KH x KW}, b the bias (F), y the output.
 *
 * <pre>
 * forward:   cols[P, N*OH*OW] = im2col(x)             P = C*KH*KW
 *            prod[F, N*OH*OW] = w[F, P] * cols        one GEMM for the whole batch
 *            y[n, f, :]       = prod[f, n-th block] + b[f]
 * backward:  dyT[F, N*OH*OW]  = dy reordered
 *            dw = dyT * cols^T,  db[f] = sum of dyT row f,  dcols = w^T * dyT,  dx = col2im(dcols)
 * </pre>
 * The input gradient's GEMM and col2im run one sample at a time (package-private {@code ConvInputGradient}), so
 * a sample's dcols block is read back from cache rather than from memory.
 * Stride-1 undilated layers with padding below the kernel size take a faster path when the SIMD
 * kernels are on, {@code ImplicitConv2d}: the same GEMMs with im2col's operand read in place
 * from a padded copy, tested against this general path and the scalar reference.
 * col2im adds overlapping patches' contributions in a fixed order, so results do not depend on
 * the thread count. All arguments are validated before anything is written. Segments should come
 * from a shared or global arena (or the heap) so the kernel threads can use them.
 */
public final class Conv2d {
    private Conv2d() {}

    /**
     * {@code y = conv(x, w) + b}: {@code y[n, f, oh, ow] = b[f] + sum over c, kh, kw of
     * w[f, c, kh, kw] * x[n, c, oh * strideH - padH + kh * dilationH, ow * strideW - padW + kw * dilationW]},
     * reading zeros outside the input. Writes y only, and the workspace's scratch, which the
     * following {@link #backward} call reads. Every segment starts at its tensor's first element; y
     * must not overlap x, w or b.
     *
     * @param s         the geometry
     * @param x         input, {@code N x C x H x W}, read only
     * @param w         filters, {@code F x C x KH x KW}, read only
     * @param b         bias, {@code F}, read only
     * @param y         output, {@code N x F x OH x OW}, overwritten
     * @param workspace the layer's scratch; grows to the shape on first use, then allocates nothing
     * @throws IllegalArgumentException if a segment is smaller than its tensor or misaligned, or y
     *         overlaps x, w or b; nothing is written then
     * @throws IllegalStateException if the workspace is closed; nothing is written then
     * @throws NullPointerException if the workspace is null
     */
    public static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                               ConvWorkspace workspace) {
        ConvChecks.forward(s, x, w, b, y);
        workspace.forgetForward(); // a forward that fails part-way leaves no pairing behind
        if (ImplicitConv2d.applies(s, workspace)) {
            ImplicitConv2d.forward(s, x, w, b, y, workspace);
        } else {
            im2colForward(s, x, w, b, y, workspace);
        }
        workspace.recordForward(s);
    }

    /** The general path, by im2col + GEMM: any stride, padding and dilation. Arguments already checked. */
    static void im2colForward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                              ConvWorkspace workspace) {
        int patch = s.patchSize();
        int columnCount = s.columnCount();
        MemorySegment columns = workspace.columns((long) patch * columnCount);
        MemorySegment product = workspace.product((long) s.filters() * columnCount);
        Im2col.im2col(s, x, columns);
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, s.filters(), columnCount, patch, 1f,
                w, 0, patch, columns, 0, columnCount, 0f, product, 0, columnCount);
        Im2col.productToOutput(s, product, b, y);
    }

    /**
     * Gradients of the last forward call's inputs: overwrites (does not accumulate into) dw
     * {@code F x C x KH x KW}, db {@code F} and, when {@code dx} is not null, dx (shape of x). The
     * workspace must still hold that call's columns (or, on the implicit path, its padded copy of
     * x), i.e. no other convolution may have used it in between. The outputs must not overlap each
     * other, w or dy.
     *
     * @param s         the geometry of the forward call
     * @param w         filters, {@code F x C x KH x KW}, read only
     * @param dy        gradient of the output, {@code N x F x OH x OW}, read only
     * @param dw        gradient of the filters, {@code F x C x KH x KW}, overwritten
     * @param db        gradient of the bias, {@code F}, overwritten
     * @param dx        gradient of the input, {@code N x C x H x W}, overwritten; null to skip it
     *                  (a first layer needs none)
     * @param workspace the workspace the forward call used
     * @throws IllegalArgumentException if a segment is smaller than its tensor or misaligned, or an
     *         output overlaps an input or another output; nothing is written then
     * @throws IllegalStateException if the workspace's last successful forward call was not of shape
     *         {@code s} (or there was none), or the workspace is closed; nothing is written then
     */
    public static void backward(ConvShape s, MemorySegment w, MemorySegment dy,
                                MemorySegment dw, MemorySegment db, MemorySegment dx, ConvWorkspace workspace) {
        ConvChecks.backward(s, w, dy, dw, db, dx);
        workspace.requireForward(s);
        if (ImplicitConv2d.applies(s, workspace)) {
            ImplicitConv2d.backward(s, w, dy, dw, db, dx, workspace);
            return;
        }
        im2colBackward(s, w, dy, dw, db, dx, workspace);
    }

    /** The general path's gradients, after {@link #im2colForward} with the same workspace. */
    static void im2colBackward(ConvShape s, MemorySegment w, MemorySegment dy, MemorySegment dw, MemorySegment db,
                               MemorySegment dx, ConvWorkspace workspace) {
        int patch = s.patchSize();
        int columnCount = s.columnCount();
        MemorySegment columns = workspace.columns((long) patch * columnCount);
        MemorySegment gradProduct = workspace.product((long) s.filters() * columnCount);
        Im2col.outputToProduct(s, dy, gradProduct, db);
        weightGradient(s, gradProduct, columns, dw, workspace);
        if (dx != null) {
            ConvInputGradient.compute(s, w, gradProduct, dx);
        }
    }


    /**
     * {@code dw[F, P] = dyT[F, NC] * cols[P, NC]^T}. With few filters and a small patch (the first
     * layer: 16 x 25 outputs, a reduction over N*OH*OW = 50176) one GEMM would run on one thread,
     * so the reduction is cut into chunks computed in parallel and added in chunk order. The
     * chunking depends on the shape only, never on the thread count, so results stay
     * bit-identical for any number of threads.
     */
    private static void weightGradient(ConvShape s, MemorySegment gradProduct, MemorySegment columns, MemorySegment dw,
                                       ConvWorkspace workspace) {
        int patch = s.patchSize();
        int columnCount = s.columnCount();
        int chunks = weightGradientChunks(s);
        if (chunks == 1) {
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, s.filters(), patch, columnCount, 1f,
                    gradProduct, 0, columnCount, columns, 0, columnCount, 0f, dw, 0, patch);
            return;
        }
        long outputSize = s.weightSize();
        MemorySegment partials = workspace.partials(chunks * outputSize);
        WeightGradientChunks chunk = WeightGradientChunks.PER_THREAD.get();
        chunk.s = s;
        chunk.chunks = chunks;
        chunk.gradProduct = gradProduct;
        chunk.columns = columns;
        chunk.partials = partials;
        try {
            Workers.parallelForOn(chunks, chunk, gradProduct, columns, partials);
        } finally {
            chunk.gradProduct = chunk.columns = chunk.partials = null;
        }
        MemorySegment.copy(partials, 0, dw, 0, outputSize * Float.BYTES);
        for (int c = 1; c < chunks; c++) {
            Im2col.addInto((int) outputSize, partials, c * outputSize, dw, 0);
        }
    }

    /**
     * Task c computes chunk c's weight gradient {@code dyT[:, chunk] * cols[:, chunk]^T} into its
     * slot of the partials. A per-thread instance with the call's arguments in fields, so a call
     * allocates nothing (the GEMM it runs uses its own per-thread task object).
     */
    private static final class WeightGradientChunks implements Workers.Task {
        private static final ThreadLocal<WeightGradientChunks> PER_THREAD = ThreadLocal.withInitial(WeightGradientChunks::new);

        private ConvShape s;
        private int chunks;
        private MemorySegment gradProduct, columns, partials;

        @Override
        public void run(int c) {
            int columnCount = s.columnCount();
            int patch = s.patchSize();
            int chunkLength = (columnCount + chunks - 1) / chunks;
            int start = c * chunkLength;
            int length = Math.min(chunkLength, columnCount - start);
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, s.filters(), patch, length, 1f,
                    gradProduct, start, columnCount, columns, start, columnCount, 0f, partials, c * s.weightSize(), patch);
        }
    }

    /** How many chunks the weight-gradient reduction is cut into (1 = one GEMM); a function of the shape only. */
    static int weightGradientChunks(ConvShape s) {
        if (s.weightSize() >= Tuning.CONV_SPLIT_MAX_OUTPUT) {
            return 1;
        }
        return Math.max(1, Math.min(Tuning.CONV_SPLIT_MAX_CHUNKS, s.columnCount() / Tuning.CONV_SPLIT_MIN_CHUNK));
    }
}
