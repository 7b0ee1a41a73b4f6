package io.simdnn.kernels.elementwise;

import io.simdnn.kernels.internal.ElementwiseSplit;

/** ReLU forward ({@code c = max(a, 0)}) or backward ({@code c = a > 0 ? b : 0}) split over the worker threads. */
final class ReluSplit extends ElementwiseSplit {
    private static final ThreadLocal<ReluSplit> FORWARD = ThreadLocal.withInitial(() -> new ReluSplit(false));
    private static final ThreadLocal<ReluSplit> BACKWARD = ThreadLocal.withInitial(() -> new ReluSplit(true));

    private final boolean backward;

    private ReluSplit(boolean backward) {
        this.backward = backward;
    }

    /** This thread's forward pass: a = x, c = y. */
    static ReluSplit forward() {
        return FORWARD.get();
    }

    /** This thread's backward pass: a = the forward input, b = dy, c = dx. */
    static ReluSplit backward() {
        return BACKWARD.get();
    }

    @Override
    protected void runRange(long from, long count) {
        if (backward) {
            ActivationKernels.reluBackward(count, a, aOffset + from, b, bOffset + from, c, cOffset + from);
        } else {
            ActivationKernels.relu(count, a, aOffset + from, c, cOffset + from);
        }
    }
}
