package io.simdnn.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceConv2d;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * im2col + GEMM convolution against the direct 7-loop definition, forward and all three
 * gradients, on random geometry; plus the adjoint identity {@code <conv(x), y> = <x, conv^T(y)>}.
 * Each output is a sum of P = C*KH*KW products (or, for gradients, of up to N*OH*OW), so the
 * float error is bounded by a few P * 2^-24 times the sum of |terms|; inputs in [-1, 1] keep
 * that below 1e-4 * P here.
 */
class Conv2dProperties {
    private static void assertClose(MemorySegment expected, MemorySegment actual, double tolerance, String what) {
        float[] e = Buffers.toArray(expected), a = Buffers.toArray(actual);
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tolerance, what + "[" + i + "] = " + a[i] + ", reference " + e[i]);
        }
    }

    @Property(tries = 60)
    void forwardAndGradientsMatchTheDirectConvolution(
            @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 20) int channels,
            @ForAll @IntRange(min = 1, max = 12) int height, @ForAll @IntRange(min = 1, max = 12) int width,
            @ForAll @IntRange(min = 1, max = 20) int filters, @ForAll @IntRange(min = 1, max = 7) int kernelH,
            @ForAll @IntRange(min = 1, max = 7) int kernelW, @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @IntRange(min = 0, max = 3) int pad, @ForAll @LongRange long seed) {
        Assume.that(height + 2 * pad >= kernelH && width + 2 * pad >= kernelW);
        ConvShape s = new ConvShape(batch, channels, height, width, filters, kernelH, kernelW, stride, stride, pad, pad);
        assertMatchesReference(s, seed);
    }

    /**
     * Layers with few input channels and rows at least one vector wide, the forward pass and
     * weight gradient of {@link PositionVectorPlan}: every kernel size, padding and filter count
     * (partial filter and tap blocks), rows that are and are not a whole number of vectors.
     */
    @Property(tries = 60)
    void fewChannelLayersMatchTheDirectConvolution(
            @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 1, max = 3) int channels,
            @ForAll @IntRange(min = 1, max = 12) int height, @ForAll @IntRange(min = 16, max = 40) int width,
            @ForAll @IntRange(min = 1, max = 20) int filters, @ForAll @IntRange(min = 1, max = 7) int kernelH,
            @ForAll @IntRange(min = 1, max = 7) int kernelW, @ForAll @IntRange(min = 0, max = 3) int pad,
            @ForAll @LongRange long seed) {
        Assume.that(height + 2 * pad >= kernelH);
        ConvShape s = new ConvShape(batch, channels, height, width, filters, kernelH, kernelW, 1, 1, pad, pad);
        Assume.that(ImplicitConv2d.applies(s) && PositionVectorPlan.applies(s));
        assertMatchesReference(s, seed);
    }

    /**
     * Dilated kernels (gaps of dilation - 1 input positions between taps), each axis its own
     * dilation, stride and padding; stride 1 with "same" width takes im2col's shifted-block path,
     * the rest its row-by-row path.
     */
    @Property(tries = 60)
    void dilatedConvolutionMatchesTheDirectConvolution(
            @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 6) int channels,
            @ForAll @IntRange(min = 1, max = 16) int height, @ForAll @IntRange(min = 1, max = 16) int width,
            @ForAll @IntRange(min = 1, max = 6) int filters, @ForAll @IntRange(min = 1, max = 4) int kernelH,
            @ForAll @IntRange(min = 1, max = 4) int kernelW, @ForAll @IntRange(min = 1, max = 2) int strideH,
            @ForAll @IntRange(min = 1, max = 2) int strideW, @ForAll @IntRange(min = 0, max = 4) int padH,
            @ForAll @IntRange(min = 0, max = 4) int padW, @ForAll @IntRange(min = 1, max = 3) int dilationH,
            @ForAll @IntRange(min = 1, max = 3) int dilationW, @ForAll @LongRange long seed) {
        Assume.that(height + 2 * padH >= dilationH * (kernelH - 1) + 1 && width + 2 * padW >= dilationW * (kernelW - 1) + 1);
        ConvShape s = new ConvShape(batch, channels, height, width, filters, kernelH, kernelW, strideH, strideW, padH, padW,
                dilationH, dilationW);
        assertMatchesReference(s, seed);
    }

    /** Forward and all three gradients of {@code s} on random data against the reference, within tolerances growing with the reductions. */
    private static void assertMatchesReference(ConvShape s, long seed) {
        try (Arena arena = Arena.ofShared(); ConvWorkspace workspace = new ConvWorkspace()) {
            Inputs in = Inputs.random(arena, s, seed);
            MemorySegment x = in.x(), w = in.w(), dy = in.dy();
            MemorySegment y = TestBuffers.poisoned(arena, s.outputSize()), yRef = TestBuffers.poisoned(arena, s.outputSize());
            Conv2d.forward(s, x, w, in.b(), y, workspace);
            ReferenceConv2d.forward(s, x, w, in.b(), yRef);
            double tolerance = 1e-5 * (s.patchSize() + 1);
            assertClose(yRef, y, tolerance, "y");

            MemorySegment dw = TestBuffers.poisoned(arena, s.weightSize()), dwRef = TestBuffers.poisoned(arena, s.weightSize());
            MemorySegment db = TestBuffers.poisoned(arena, s.filters()), dbRef = TestBuffers.poisoned(arena, s.filters());
            MemorySegment dx = TestBuffers.poisoned(arena, s.inputSize()), dxRef = TestBuffers.poisoned(arena, s.inputSize());
            Conv2d.backward(s, w, dy, dw, db, dx, workspace);
            ReferenceConv2d.backward(s, x, w, dy, dwRef, dbRef, dxRef);
            double gradTolerance = 1e-5 * (s.columnCount() + s.patchSize() * s.filters());
            assertClose(dwRef, dw, gradTolerance, "dw");
            assertClose(dbRef, db, gradTolerance, "db");
            assertClose(dxRef, dx, tolerance * s.filters(), "dx");
        }
    }

    /**
     * Single-channel, stride-1 shapes (a CNN's first layer) on the implicit path: widths up to 40
     * so rows span several runs, kernels up to 7 with any padding below the kernel size, batches
     * across several weight-gradient chunks. Same tolerances as above.
     */
    @Property(tries = 60)
    void singleChannelImplicitPathMatchesTheDirectConvolution(
            @ForAll @IntRange(min = 1, max = 10) int batch, @ForAll @IntRange(min = 1, max = 14) int height,
            @ForAll @IntRange(min = 1, max = 40) int width, @ForAll @IntRange(min = 1, max = 9) int filters,
            @ForAll @IntRange(min = 1, max = 7) int kernelH, @ForAll @IntRange(min = 1, max = 7) int kernelW,
            @ForAll @IntRange(min = 0, max = 3) int padH, @ForAll @IntRange(min = 0, max = 3) int padW,
            @ForAll @LongRange long seed) {
        Assume.that(height + 2 * padH >= kernelH && width + 2 * padW >= kernelW);
        ConvShape s = new ConvShape(batch, 1, height, width, filters, kernelH, kernelW, 1, 1, padH, padW);
        Assume.that(ImplicitConv2d.applies(s));
        assertMatchesReference(s, seed);
    }

    /**
     * Multi-channel stride-1 shapes, which take the implicit-GEMM path: kernels 3 and 5 wide run
     * as row runs, the others through the position tables; channel and filter counts across one
     * and several panels of one or two vectors; rows narrower and wider than a run. Compared with
     * the general im2col + GEMM path on the same data (the same sums in another order, so within
     * the reference's tolerance of each other) and with the scalar reference.
     */
    @Property(tries = 80)
    void implicitPathMatchesIm2colAndTheReference(
            @ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 2, max = 40) int channels,
            @ForAll @IntRange(min = 1, max = 20) int height, @ForAll @IntRange(min = 1, max = 30) int width,
            @ForAll @IntRange(min = 1, max = 40) int filters, @ForAll @IntRange(min = 1, max = 7) int kernelH,
            @ForAll @IntRange(min = 1, max = 7) int kernelW, @ForAll @IntRange(min = 0, max = 3) int padH,
            @ForAll @IntRange(min = 0, max = 3) int padW, @ForAll @LongRange long seed) {
        Assume.that(height + 2 * padH >= kernelH && width + 2 * padW >= kernelW);
        ConvShape s = new ConvShape(batch, channels, height, width, filters, kernelH, kernelW, 1, 1, padH, padW);
        Assume.that(ImplicitConv2d.applies(s));
        assertImplicitMatchesIm2colAndTheReference(s, seed);
    }

    /**
     * Rows that take the short row runs on 512-bit vectors ({@link ConvTileKernel#runLength}):
     * output rows 10 to 32 wide under kernels 3 and 5 wide, in one run or in two whose second is
     * shifted left to end at the row's end, forward and input gradient. On 256-bit vectors the
     * same shapes run along the grid and are checked all the same.
     */
    @Property(tries = 30)
    void shortRowRunsMatchIm2colAndTheReference(
            @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll @IntRange(min = 2, max = 20) int channels,
            @ForAll @IntRange(min = 1, max = 6) int height, @ForAll @IntRange(min = 14, max = 32) int width,
            @ForAll @IntRange(min = 1, max = 36) int filters, @ForAll @IntRange(min = 1, max = 2) int halfKernel,
            @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @LongRange long seed) {
        int kernel = 2 * halfKernel + 1;
        ConvShape s = new ConvShape(batch, channels, height + kernel - 1, width, filters, kernel, kernel, 1, 1, pad,
                Math.min(pad, kernel - 1));
        Assume.that(ImplicitConv2d.applies(s));
        assertImplicitMatchesIm2colAndTheReference(s, seed);
    }

    @Test
    void theDefaultCnnSecondLayerRunsInShortRuns() {
        ConvShape s = ConvShape.of(2, 16, 14, 14, 32, 5, 1, 2);
        if (ConvTileKernel.SHORT_RUN > 0) {
            CorrelationGeometry forward = CorrelationGeometry.forward(s);
            assertEquals(ConvTileKernel.SHORT_RUN, ConvTileKernel.runLength(forward.outW(), forward.stride()));
        }
        assertImplicitMatchesIm2colAndTheReference(s, 20261206L);
    }

    /** s through the implicit path against the scalar reference and against im2col + GEMM on the same data. */
    private static void assertImplicitMatchesIm2colAndTheReference(ConvShape s, long seed) {
        assertMatchesReference(s, seed);
        try (Arena arena = Arena.ofShared(); ConvWorkspace implicit = new ConvWorkspace(); ConvWorkspace general = new ConvWorkspace()) {
            Inputs in = Inputs.random(arena, s, seed);
            MemorySegment[] fast = convolve(s, in, arena, implicit, false);
            MemorySegment[] im2col = convolve(s, in, arena, general, true);
            String[] names = {"y", "dw", "db", "dx"};
            double[] tolerances = {1e-5 * (s.patchSize() + 1), 1e-5 * (s.columnCount() + 1), 1e-5 * (s.columnCount() + 1),
                    1e-5 * (s.filters() * s.kernelHeight() * s.kernelWidth() + 1)};
            for (int i = 0; i < names.length; i++) {
                assertClose(im2col[i], fast[i], tolerances[i], names[i] + " implicit vs im2col, " + s);
            }
        }
    }

    /** y, dw, db, dx of {@code s} through {@link Conv2d}, or through its general im2col path. */
    private static MemorySegment[] convolve(ConvShape s, Inputs in, Arena arena, ConvWorkspace workspace, boolean im2col) {
        MemorySegment y = TestBuffers.poisoned(arena, s.outputSize());
        MemorySegment dw = TestBuffers.poisoned(arena, s.weightSize());
        MemorySegment db = TestBuffers.poisoned(arena, s.filters());
        MemorySegment dx = TestBuffers.poisoned(arena, s.inputSize());
        if (im2col) {
            Conv2d.im2colForward(s, in.x(), in.w(), in.b(), y, workspace);
            Conv2d.im2colBackward(s, in.w(), in.dy(), dw, db, dx, workspace);
        } else {
            Conv2d.forward(s, in.x(), in.w(), in.b(), y, workspace);
            Conv2d.backward(s, in.w(), in.dy(), dw, db, dx, workspace);
        }
        return new MemorySegment[] {y, dw, db, dx};
    }

    /** The implicit path's outputs and all three gradients are bit-identical for 1 and 2 threads. */
    @Property(tries = 8)
    void implicitPathIsBitIdenticalForAnyThreadCount(
            @ForAll @IntRange(min = 2, max = 12) int batch, @ForAll @IntRange(min = 2, max = 24) int channels,
            @ForAll @IntRange(min = 1, max = 40) int filters, @ForAll @IntRange(min = 0, max = 3) int halfKernel,
            @ForAll @LongRange long seed) {
        ConvShape s = ConvShape.of(batch, channels, 14, 14, filters, 2 * halfKernel + 1, 1, halfKernel);
        Assume.that(ImplicitConv2d.applies(s));
        assertBitIdenticalForOneAndTwoThreads(s, seed);
    }

    /** Single-channel layers' outputs and all three gradients are bit-identical for 1 and 2 threads. */
    @Property(tries = 6)
    void singleChannelPathIsBitIdenticalForAnyThreadCount(
            @ForAll @IntRange(min = 9, max = 20) int batch, @ForAll @IntRange(min = 1, max = 17) int filters,
            @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @LongRange long seed) {
        ConvShape s = ConvShape.of(batch, 1, 28, 28, filters, 2 * pad + 1, 1, pad);
        Assume.that(ImplicitConv2d.applies(s));
        assertBitIdenticalForOneAndTwoThreads(s, seed);
    }

    /**
     * The im2col path too, whose input gradient runs one sample per task (GEMM and col2im on the
     * thread that claimed the sample): padded and strided shapes, both col2im variants.
     */
    @Property(tries = 10)
    void im2colPathIsBitIdenticalForAnyThreadCount(
            @ForAll @IntRange(min = 2, max = 9) int batch, @ForAll @IntRange(min = 2, max = 8) int channels,
            @ForAll @IntRange(min = 3, max = 14) int size, @ForAll @IntRange(min = 1, max = 9) int filters,
            @ForAll @IntRange(min = 1, max = 3) int halfKernel, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @LongRange long seed) {
        int kernel = Math.min(2 * halfKernel - 1, size);
        ConvShape s = ConvShape.of(batch, channels, size, size, filters, kernel, stride, pad);
        assertBitIdenticalForOneAndTwoThreads(s, seed);
    }

    /** Forward and all three gradients of {@code s}, computed at 1 and then 2 threads, are bit-identical. */
    private static void assertBitIdenticalForOneAndTwoThreads(ConvShape s, long seed) {
        try (Arena arena = Arena.ofShared()) {
            assertBitIdenticalForOneAndTwoThreads(s, Inputs.random(arena, s, seed), true, arena);
        }
    }

    /**
     * Runs forward and backward (with dx when {@code inputGradient}) at 1 and then 2 threads,
     * asserts that every output is bit-identical, and returns the 1-thread dw.
     */
    private static MemorySegment assertBitIdenticalForOneAndTwoThreads(ConvShape s, Inputs in, boolean inputGradient, Arena arena) {
        int saved = KernelThreads.parallelism();
        try (ConvWorkspace workspace = new ConvWorkspace()) {
            MemorySegment[][] results = new MemorySegment[2][];
            for (int threads = 1; threads <= 2; threads++) {
                KernelThreads.setParallelism(threads);
                MemorySegment y = TestBuffers.poisoned(arena, s.outputSize()), dw = TestBuffers.poisoned(arena, s.weightSize());
                MemorySegment db = TestBuffers.poisoned(arena, s.filters());
                MemorySegment dx = inputGradient ? TestBuffers.poisoned(arena, s.inputSize()) : null;
                Conv2d.forward(s, in.x(), in.w(), in.b(), y, workspace);
                Conv2d.backward(s, in.w(), in.dy(), dw, db, dx, workspace);
                results[threads - 1] = inputGradient ? new MemorySegment[] {y, dw, db, dx} : new MemorySegment[] {y, dw, db};
            }
            String[] names = {"y", "dw", "db", "dx"};
            for (int i = 0; i < results[0].length; i++) {
                assertArrayEquals(Buffers.toArray(results[0][i]), Buffers.toArray(results[1][i]), names[i] + ", 1 vs 2 threads, " + s);
            }
            return results[0][1];
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    /** Random inputs and output gradient of a convolution, all in [-1, 1). */
    private record Inputs(MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment dy) {
        static Inputs random(Arena arena, ConvShape s, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            return new Inputs(TestBuffers.random(arena, s.inputSize(), random, 1), TestBuffers.random(arena, s.weightSize(), random, 1),
                    TestBuffers.random(arena, s.filters(), random, 1), TestBuffers.random(arena, s.outputSize(), random, 1));
        }
    }

    /**
     * "Same" convolutions (stride 1, kernel 2p+1: im2col's shifted-block path) on batches large
     * enough that the weight gradient's reduction is split into chunks; the chunked sum must match
     * the reference and be bit-identical for 1 and 2 threads.
     */
    @Property(tries = 6)
    void splitWeightGradientMatchesTheReferenceForAnyThreadCount(
            @ForAll @IntRange(min = 11, max = 16) int batch, @ForAll @IntRange(min = 1, max = 2) int channels,
            @ForAll @IntRange(min = 1, max = 8) int filters, @ForAll @IntRange(min = 0, max = 2) int pad,
            @ForAll @LongRange long seed) {
        ConvShape s = ConvShape.of(batch, channels, 28, 28, filters, 2 * pad + 1, 1, pad);
        Assume.that(Conv2d.weightGradientChunks(s) > 1);
        try (Arena arena = Arena.ofShared()) {
            Inputs in = Inputs.random(arena, s, seed);
            MemorySegment dw = assertBitIdenticalForOneAndTwoThreads(s, in, false, arena);
            MemorySegment dwRef = TestBuffers.poisoned(arena, s.weightSize());
            ReferenceConv2d.backward(s, in.x(), in.w(), in.dy(), dwRef, Buffers.allocate(arena, s.filters()), Buffers.allocate(arena, s.inputSize()));
            assertClose(dwRef, dw, 1e-5 * s.columnCount(), "dw");
        }
    }

    @Property(tries = 40)
    void backwardInputIsTheAdjointOfForward(@ForAll @IntRange(min = 1, max = 6) int channels,
                                            @ForAll @IntRange(min = 3, max = 10) int size,
                                            @ForAll @IntRange(min = 1, max = 3) int kernel,
                                            @ForAll @IntRange(min = 1, max = 2) int stride,
                                            @ForAll @IntRange(min = 0, max = 1) int pad, @ForAll @IntRange(min = 1, max = 2) int dilation,
                                            @ForAll @LongRange long seed) {
        Assume.that(size + 2 * pad >= dilation * (kernel - 1) + 1);
        ConvShape s = new ConvShape(2, channels, size, size, 3, kernel, kernel, stride, stride, pad, pad, dilation, dilation);
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofShared(); ConvWorkspace workspace = new ConvWorkspace()) {
            MemorySegment x = TestBuffers.random(arena, s.inputSize(), random, 1);
            MemorySegment w = TestBuffers.random(arena, s.weightSize(), random, 1);
            MemorySegment zeroBias = Buffers.allocate(arena, s.filters());
            MemorySegment probe = TestBuffers.random(arena, s.outputSize(), random, 1);
            MemorySegment y = Buffers.allocate(arena, s.outputSize());
            Conv2d.forward(s, x, w, zeroBias, y, workspace);
            MemorySegment dx = Buffers.allocate(arena, s.inputSize());
            Conv2d.backward(s, w, probe, Buffers.allocate(arena, s.weightSize()), Buffers.allocate(arena, s.filters()), dx, workspace);
            double left = dot(y, probe), right = dot(x, dx);
            assertEquals(left, right, 1e-4 * (Math.abs(left) + s.outputSize()), "<conv(x), y> vs <x, conv^T(y)>");
        }
    }

    private static double dot(MemorySegment a, MemorySegment b) {
        double sum = 0;
        for (long i = 0; i < Buffers.floatCount(a); i++) {
            sum += (double) Buffers.get(a, i) * Buffers.get(b, i);
        }
        return sum;
    }

    /** Bad shapes are {@link ConvShape}'s to refuse (ConvShapeTest); short buffers are the convolution's. */
    @Test
    void shortBuffersAreRejected() {
        ConvShape s = ConvShape.of(2, 1, 4, 4, 2, 3, 1, 1);
        try (ConvWorkspace workspace = new ConvWorkspace()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(s,
                    Buffers.wrap(new float[31]), Buffers.wrap(new float[18]), Buffers.wrap(new float[2]), Buffers.wrap(new float[64]), workspace));
            assertTrue(error.getMessage().contains("input x"), error.getMessage());
        }
    }
}
