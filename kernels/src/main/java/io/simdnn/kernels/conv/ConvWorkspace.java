package io.simdnn.kernels.conv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;

/**
 * Scratch for {@link Conv2d}: the column matrix and the GEMM product (or,
 * on the implicit path, zero-padded copies of the forward input and the output gradient, and packed panels), and the
 * weight gradient's partial sums. A
 * layer keeps one workspace and passes it to every call; buffers grow to the largest shape seen
 * and are then reused, so steady-state calls allocate nothing. The memory lives in a shared arena
 * owned by the workspace (kernel threads fill it); {@link #close()} frees it.
 */
public final class ConvWorkspace implements AutoCloseable {
    /** An empty workspace; its buffers are allocated by the first convolution that uses it. */
    public ConvWorkspace() {}

    private final Arena arena = Arena.ofShared();
    private MemorySegment columns = MemorySegment.NULL;
    private MemorySegment product = MemorySegment.NULL;
    private MemorySegment partials = MemorySegment.NULL;
    private float[] paddedInput = new float[0];
    private float[] paddedGradient = new float[0];
    private float[] forwardPanels = new float[0];
    private float[] gradientPanels = new float[0];
    private float[] inputGradientPanels = new float[0];
    private float[] weightGradientSums = new float[0];
    private float[] biasSums = new float[0];
    private ImplicitConvPlan implicitPlan;
    private PositionVectorPlan positionVectorPlan;
    private ConvShape geometryShape;
    private CorrelationGeometry forwardGeometry;
    private CorrelationGeometry inputGradientGeometry;
    /** The shape of the last forward call that completed with this workspace, null when none. */
    private ConvShape forwardShape;
    private boolean closed;

    /**
     * Called by a forward call after validation and before it writes anything.
     *
     * @throws IllegalStateException if the workspace is closed (the implicit path's heap scratch
     *                               would otherwise keep working after its off-heap scratch is gone)
     */
    void forgetForward() {
        requireOpen();
        forwardShape = null;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("convolution workspace used after close()");
        }
    }

    /** Called by a forward call once the scratch holds its columns (or padded input) for {@code s}. */
    void recordForward(ConvShape s) {
        forwardShape = s;
    }

    /**
     * Requires the scratch to hold a forward pass of shape {@code s}: a backward pass of another
     * shape (or with no forward at all) would read stale or empty columns and return dw = 0 or
     * garbage without complaint. The whole shape is compared, so a different batch, padding or
     * stride with equal tensor sizes is caught too.
     *
     * @throws IllegalStateException if the last completed forward call was not of shape {@code s},
     *                               or the workspace is closed
     */
    void requireForward(ConvShape s) {
        requireOpen();
        if (!s.equals(forwardShape)) {
            throw new IllegalStateException("convolution backward for " + s + " with a workspace whose last forward was "
                    + (forwardShape == null ? "none" : forwardShape.toString()) + ": run forward with this workspace first");
        }
    }

    MemorySegment columns(long floats) {
        if (Buffers.floatCount(columns) < floats) {
            columns = Buffers.allocate(arena, floats);
        }
        return columns;
    }

    MemorySegment product(long floats) {
        if (Buffers.floatCount(product) < floats) {
            product = Buffers.allocate(arena, floats);
        }
        return product;
    }

    /** Per-chunk weight gradients when Conv2d splits the weight-gradient reduction. */
    MemorySegment partials(long floats) {
        if (Buffers.floatCount(partials) < floats) {
            partials = Buffers.allocate(arena, floats);
        }
        return partials;
    }

    /**
     * The implicit path's zero-padded copy of the forward input, which its backward pass reads (see
     * {@link ImplicitConv2d}). A heap array: broadcasts from arrays are cheaper for C2 than from segments.
     */
    float[] paddedInput(int floats) {
        return paddedInput = atLeast(paddedInput, floats);
    }

    /** The implicit path's zero-padded copy of the output gradient. */
    float[] paddedGradient(int floats) {
        return paddedGradient = atLeast(paddedGradient, floats);
    }

    /** The implicit-GEMM path's tables for {@code s}, kept while the shape stays. */
    ImplicitConvPlan implicitPlan(ConvShape s) {
        if (implicitPlan == null || !implicitPlan.shape().equals(s)) {
            implicitPlan = new ImplicitConvPlan(s, forwardGeometry(s), inputGradientGeometry(s));
        }
        return implicitPlan;
    }

    /** The few-channel kernels' tables for {@code s}, kept while the shape stays. */
    PositionVectorPlan positionVectorPlan(ConvShape s) {
        if (positionVectorPlan == null || !positionVectorPlan.shape().equals(s)) {
            positionVectorPlan = new PositionVectorPlan(s, forwardGeometry(s));
        }
        return positionVectorPlan;
    }

    /** The implicit path's packed filters of the forward pass. */
    float[] forwardPanels(int floats) {
        return forwardPanels = atLeast(forwardPanels, floats);
    }

    /** The implicit path's output gradient reordered into panels (positions x filters). */
    float[] gradientPanels(int floats) {
        return gradientPanels = atLeast(gradientPanels, floats);
    }

    /** The implicit path's flipped filters of the input gradient. */
    float[] inputGradientPanels(int floats) {
        return inputGradientPanels = atLeast(inputGradientPanels, floats);
    }

    /** The implicit path's weight-gradient accumulators (taps x filters, or the few-channel kernels' lane-wise sums). */
    float[] weightGradientSums(int floats) {
        return weightGradientSums = atLeast(weightGradientSums, floats);
    }

    /** The implicit path's per-sample plane sums of dy, added up into db in sample order. */
    float[] biasSums(int floats) {
        return biasSums = atLeast(biasSums, floats);
    }

    private static float[] atLeast(float[] buffer, int floats) {
        return buffer.length < floats ? new float[floats] : buffer;
    }

    /** The implicit path's forward correlation for {@code s}, kept while the shape stays (no object per call). */
    CorrelationGeometry forwardGeometry(ConvShape s) {
        updateGeometries(s);
        return forwardGeometry;
    }

    /** The implicit path's input-gradient correlation for {@code s}, kept while the shape stays. */
    CorrelationGeometry inputGradientGeometry(ConvShape s) {
        updateGeometries(s);
        return inputGradientGeometry;
    }

    private void updateGeometries(ConvShape s) {
        if (!s.equals(geometryShape)) {
            forwardGeometry = CorrelationGeometry.forward(s);
            inputGradientGeometry = CorrelationGeometry.inputGradient(s);
            geometryShape = s;
        }
    }

    /**
     * Frees the scratch memory; a later forward or backward call with this workspace throws
     * {@link IllegalStateException} before writing anything. Closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
