package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;

/**
 * {@link Conv2d} without im2col, for single-channel input at stride 1: a CNN's first layer. Its
 * patch is only KH*KW long (25 for 5x5), so each im2col GEMM has a narrow side and runs far
 * below the GEMM's usual rate, while the column matrix is 25 times the input and costs more to
 * build, read and fold back than the arithmetic. Here each output row is accumulated in vector
 * registers straight from the input rows (see {@link DirectConvKernels}).
 *
 * <p>Work is split by shape only (output planes; the weight gradient's batch into a fixed number
 * of sample chunks added in chunk order), so results are bit-identical for any thread count.
 * Needs the vector path; arguments are validated by {@link Conv2d}.
 */
final class DirectConv2d {
    /**
     * The weight gradient's reduction over the batch is cut into at most this many sample chunks,
     * computed in parallel and added in chunk order: enough tasks to keep two to eight threads
     * busy, few enough that a chunk's dy stays in L2 while the kernel taps revisit it.
     */
    private static final int MAX_SAMPLE_CHUNKS = 8;

    private DirectConv2d() {}

    /**
     * {@code true} when {@link Conv2d} uses this path for {@code s}: one input channel, stride 1,
     * padding below the kernel size (so the transposed convolution's padding {@code K-1-p} is not
     * negative), padded copies small enough for int-indexed arrays, SIMD on.
     */
    static boolean applies(ConvShape s) {
        return VectorSupport.isEnabled() && s.channels() == 1 && s.strideH() == 1 && s.strideW() == 1
                && s.padH() < s.kernelHeight() && s.padW() < s.kernelWidth()
                && inputPadded(s) < MAX_ARRAY && gradientPadded(s) < MAX_ARRAY;
    }

    /** Largest padded copy, in floats, kept in a Java array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 64;

    private static long inputPadded(ConvShape s) {
        return CorrelationGeometry.forward(s).paddedSize((long) s.batch() * s.channels());
    }

    private static long gradientPadded(ConvShape s) {
        return CorrelationGeometry.inputGradient(s).paddedSize((long) s.batch() * s.filters());
    }

    /**
     * {@code y = conv(x, w) + b}, one task per output plane, from a zero-padded copy of x that
     * stays in the workspace for {@link #backward} (the role im2col's columns play on the GEMM path).
     */
    static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                        ConvWorkspace workspace) {
        CorrelationGeometry geometry = CorrelationGeometry.forward(s);
        float[] padded = workspace.paddedInput((int) inputPadded(s));
        KernelThreads.parallelForOn(s.batch() * s.channels(), p -> geometry.pad(x, p, padded), x);
        int samplePlanes = Math.toIntExact(s.channels() * geometry.paddedPlane());
        long outPlane = (long) s.outHeight() * s.outWidth();
        KernelThreads.Task plane = task -> {
            int n = task / s.filters();
            int f = task % s.filters();
            DirectConvKernels.correlatePlane(geometry, padded, n * samplePlanes, w, (long) f * s.patchSize(),
                    b.getAtIndex(Buffers.FLOAT, f), y, task * outPlane);
        };
        KernelThreads.parallelForOn(s.batch() * s.filters(), plane, w, b, y);
    }

    /**
     * dw, db and (unless {@code dx} is null) dx of the last {@link #forward} with this workspace.
     * dy is first copied zero-padded for the transposed convolution; the weight gradient reads
     * that copy too.
     */
    static void backward(ConvShape s, MemorySegment w, MemorySegment dy, MemorySegment dw, MemorySegment db,
                         MemorySegment dx, ConvWorkspace workspace) {
        CorrelationGeometry xGeometry = CorrelationGeometry.forward(s);
        CorrelationGeometry dyGeometry = CorrelationGeometry.inputGradient(s);
        float[] x = workspace.paddedInput((int) inputPadded(s));
        float[] paddedDy = workspace.paddedGradient((int) gradientPadded(s));
        KernelThreads.parallelForOn(s.batch() * s.filters(), p -> dyGeometry.pad(dy, p, paddedDy), dy);
        Im2col.biasGradient(s, dy, db);
        weightGradient(s, xGeometry, x, dyGeometry, paddedDy, dw, workspace);
        if (dx != null) {
            inputGradient(s, dyGeometry, paddedDy, w, dx);
        }
    }

    /** dx[n][c] as the transposed convolution of dy[n] (see {@link CorrelationGeometry#inputGradient}), one task per plane. */
    private static void inputGradient(ConvShape s, CorrelationGeometry geometry, float[] paddedDy, MemorySegment w,
                                      MemorySegment dx) {
        long kernelArea = (long) s.kernelHeight() * s.kernelWidth();
        int sampleGradient = Math.toIntExact(s.filters() * geometry.paddedPlane());
        long inPlane = (long) s.height() * s.width();
        KernelThreads.Task plane = task -> {
            int n = task / s.channels();
            int c = task % s.channels();
            DirectConvKernels.correlatePlane(geometry, paddedDy, n * sampleGradient, w, c * kernelArea + kernelArea - 1, 0f,
                    dx, task * inPlane);
        };
        KernelThreads.parallelForOn(s.batch() * s.channels(), plane, w, dx);
    }

    /**
     * dw as per-lane partial sums, one task per sample chunk and block of filters, then added in
     * chunk order and across lanes ({@link DirectConvKernels#sumLanes}).
     */
    private static void weightGradient(ConvShape s, CorrelationGeometry xGeometry, float[] x, CorrelationGeometry dyGeometry,
                                       float[] dy, MemorySegment dw, ConvWorkspace workspace) {
        int samplesPerChunk = ceilDiv(s.batch(), MAX_SAMPLE_CHUNKS);
        int chunks = ceilDiv(s.batch(), samplesPerChunk);
        int filterBlocks = ceilDiv(s.filters(), DirectConvKernels.GRADIENT_FILTERS);
        long chunkSize = s.weightSize() * DirectConvKernels.lanesPerElement();
        MemorySegment partials = workspace.partials(chunks * chunkSize);
        KernelThreads.Task block = task -> {
            int chunk = task / filterBlocks;
            int firstSample = chunk * samplesPerChunk;
            int endSample = Math.min(s.batch(), firstSample + samplesPerChunk);
            DirectConvKernels.weightGradientLanes(s, xGeometry, x, dyGeometry, dy, firstSample, endSample,
                    (task % filterBlocks) * DirectConvKernels.GRADIENT_FILTERS, partials, chunk * chunkSize);
        };
        KernelThreads.parallelForOn(chunks * filterBlocks, block, partials);
        DirectConvKernels.sumLanes((int) s.weightSize(), chunks, partials, dw);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
