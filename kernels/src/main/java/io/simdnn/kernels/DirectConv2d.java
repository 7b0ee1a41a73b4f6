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
     * no dilation, padding below the kernel size (so the transposed convolution's padding {@code K-1-p} is not
     * negative), padded copies small enough for int-indexed arrays, SIMD on.
     */
    static boolean applies(ConvShape s) {
        return hasDirectShape(s) && fitsArrays(s, CorrelationGeometry.forward(s), CorrelationGeometry.inputGradient(s));
    }

    /** {@link #applies(ConvShape)} with the workspace's geometries for s: no objects per call. */
    static boolean applies(ConvShape s, ConvWorkspace workspace) {
        return hasDirectShape(s) && fitsArrays(s, workspace.forwardGeometry(s), workspace.inputGradientGeometry(s));
    }

    private static boolean hasDirectShape(ConvShape s) {
        return VectorSupport.isEnabled() && s.channels() == 1 && s.strideH() == 1 && s.strideW() == 1 && !s.dilated()
                && s.padH() < s.kernelHeight() && s.padW() < s.kernelWidth();
    }

    private static boolean fitsArrays(ConvShape s, CorrelationGeometry input, CorrelationGeometry gradient) {
        return inputPadded(s, input) < MAX_ARRAY && gradientPadded(s, gradient) < MAX_ARRAY;
    }

    /** Largest padded copy, in floats, kept in a Java array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 64;

    private static long inputPadded(ConvShape s, CorrelationGeometry input) {
        return input.paddedSize((long) s.batch() * s.channels());
    }

    private static long gradientPadded(ConvShape s, CorrelationGeometry gradient) {
        return gradient.paddedSize((long) s.batch() * s.filters());
    }

    /**
     * {@code y = conv(x, w) + b}, one task per output plane, from a zero-padded copy of x that
     * stays in the workspace for {@link #backward} (the role im2col's columns play on the GEMM path).
     */
    static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                        ConvWorkspace workspace) {
        Split split = Split.PER_THREAD.get();
        split.s = s;
        split.x = x;
        split.geometry = workspace.forwardGeometry(s);
        split.padded = workspace.paddedInput((int) inputPadded(s, split.geometry));
        split.w = w;
        split.b = b;
        split.out = y;
        try {
            split.run(Pass.PAD, s.batch() * s.channels(), KernelThreads.workersCanAccess(x));
            split.run(Pass.FORWARD, s.batch() * s.filters(), KernelThreads.workersCanAccess(w, b, y));
        } finally {
            split.clear();
        }
    }

    /**
     * dw, db and (unless {@code dx} is null) dx of the last {@link #forward} with this workspace.
     * dy is first copied zero-padded for the transposed convolution; the weight gradient reads
     * that copy too.
     */
    static void backward(ConvShape s, MemorySegment w, MemorySegment dy, MemorySegment dw, MemorySegment db,
                         MemorySegment dx, ConvWorkspace workspace) {
        Split split = Split.PER_THREAD.get();
        split.s = s;
        split.x = dy;
        split.geometry = workspace.inputGradientGeometry(s);
        split.padded = workspace.paddedGradient((int) gradientPadded(s, split.geometry));
        try {
            backward(split, s, w, dy, dw, db, dx, workspace);
        } finally {
            split.clear();
        }
    }

    private static void backward(Split split, ConvShape s, MemorySegment w, MemorySegment dy, MemorySegment dw,
                                 MemorySegment db, MemorySegment dx, ConvWorkspace workspace) {
        split.run(Pass.PAD, s.batch() * s.filters(), KernelThreads.workersCanAccess(dy));
        Im2col.biasGradient(s, dy, db);
        // dw: per-lane partial sums, one task per sample chunk and block of filters, then added in
        // chunk order and across lanes (DirectConvKernels.sumLanes)
        split.inputGeometry = workspace.forwardGeometry(s);
        split.paddedInput = workspace.paddedInput((int) inputPadded(s, split.inputGeometry));
        MemorySegment partials = workspace.partials(split.weightGradientChunks() * split.chunkSize());
        split.out = partials;
        split.run(Pass.WEIGHT_GRADIENT, split.weightGradientChunks() * split.filterBlocks(), KernelThreads.workersCanAccess(partials));
        DirectConvKernels.sumLanes((int) s.weightSize(), split.weightGradientChunks(), partials, dw);
        if (dx != null) {
            // dx[n][c] as the transposed convolution of dy[n] (see CorrelationGeometry#inputGradient), one task per plane
            split.w = w;
            split.out = dx;
            split.run(Pass.INPUT_GRADIENT, s.batch() * s.channels(), KernelThreads.workersCanAccess(w, dx));
        }
    }

    private enum Pass { PAD, FORWARD, WEIGHT_GRADIENT, INPUT_GRADIENT }

    /**
     * The tasks of one call on the kernel threads. The arguments live in a per-thread instance's
     * fields rather than capturing lambdas, so a call allocates nothing; each pass reads the
     * fields its caller set: {@code x} the segment to pad, {@code geometry} and {@code padded}
     * the correlation and its padded input (x for the forward pass, dy for the input gradient),
     * {@code inputGeometry} and {@code paddedInput} the forward input for the weight gradient,
     * {@code out} the pass's destination.
     */
    private static final class Split implements KernelThreads.Task {
        private static final ThreadLocal<Split> PER_THREAD = ThreadLocal.withInitial(Split::new);

        private Pass pass;
        private ConvShape s;
        private CorrelationGeometry geometry, inputGeometry;
        private float[] padded, paddedInput;
        private MemorySegment x, w, b, out;

        /** Runs {@code pass}; the workers join when they can reach the pass's segments. */
        void run(Pass pass, int tasks, boolean workersReachSegments) {
            this.pass = pass;
            KernelThreads.parallelForIf(workersReachSegments, tasks, this);
        }

        /** Drops the references to the caller's buffers at the end of a call. */
        void clear() {
            x = w = b = out = null;
            padded = paddedInput = null;
        }

        int samplesPerChunk() {
            return ceilDiv(s.batch(), MAX_SAMPLE_CHUNKS);
        }

        int weightGradientChunks() {
            return ceilDiv(s.batch(), samplesPerChunk());
        }

        int filterBlocks() {
            return ceilDiv(s.filters(), DirectConvKernels.GRADIENT_FILTERS);
        }

        long chunkSize() {
            return s.weightSize() * DirectConvKernels.lanesPerElement();
        }

        @Override
        public void run(int task) {
            switch (pass) {
                case PAD -> geometry.pad(x, task, padded);
                case FORWARD -> {
                    int n = task / s.filters();
                    int f = task % s.filters();
                    int samplePlanes = Math.toIntExact(s.channels() * geometry.paddedPlane());
                    DirectConvKernels.correlatePlane(geometry, padded, n * samplePlanes, w, (long) f * s.patchSize(),
                            b.getAtIndex(Buffers.FLOAT, f), out, task * (long) s.outHeight() * s.outWidth());
                }
                case WEIGHT_GRADIENT -> {
                    int chunk = task / filterBlocks();
                    int firstSample = chunk * samplesPerChunk();
                    int endSample = Math.min(s.batch(), firstSample + samplesPerChunk());
                    DirectConvKernels.weightGradientLanes(s, inputGeometry, paddedInput, geometry, padded, firstSample, endSample,
                            (task % filterBlocks()) * DirectConvKernels.GRADIENT_FILTERS, out, chunk * chunkSize());
                }
                case INPUT_GRADIENT -> {
                    int n = task / s.channels();
                    int c = task % s.channels();
                    long kernelArea = (long) s.kernelHeight() * s.kernelWidth();
                    int sampleGradient = Math.toIntExact(s.filters() * geometry.paddedPlane());
                    DirectConvKernels.correlatePlane(geometry, padded, n * sampleGradient, w, c * kernelArea + kernelArea - 1, 0f,
                            out, task * (long) s.height() * s.width());
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
