package io.simdnn.kernels.internal.checks;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.ConvShape;

/**
 * The argument contract of {@code Conv2d}: every tensor starts at its segment's first element and
 * fits it, and no output shares memory with an input or another output (the kernels write outputs
 * in tiles while still reading inputs, so there is no in-place form).
 */
public final class ConvChecks {
    private ConvChecks() {}

    /** {@code y = conv(x, w) + b}: x, w, b, y in their segments; y disjoint from x, w and b. */
    public static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y) {
        Checks.vector("input x", x, 0, s.inputSize());
        Checks.vector("filters w", w, 0, s.weightSize());
        Checks.vector("bias b", b, 0, s.filters());
        Checks.vector("output y", y, 0, s.outputSize());
        Checks.noOverlap("output y", y, 0, s.outputSize(), "input x", x, 0, s.inputSize());
        Checks.noOverlap("output y", y, 0, s.outputSize(), "filters w", w, 0, s.weightSize());
        Checks.noOverlap("output y", y, 0, s.outputSize(), "bias b", b, 0, s.filters());
    }

    /** The gradients: every tensor in its segment; dw, db and dx (when not null) disjoint from w, dy and each other. */
    public static void backward(ConvShape s, MemorySegment w, MemorySegment dy, MemorySegment dw, MemorySegment db,
                                MemorySegment dx) {
        Checks.vector("filters w", w, 0, s.weightSize());
        Checks.vector("output gradient dy", dy, 0, s.outputSize());
        Checks.vector("filter gradient dw", dw, 0, s.weightSize());
        Checks.vector("bias gradient db", db, 0, s.filters());
        Checks.noOverlap("filter gradient dw", dw, 0, s.weightSize(), "filters w", w, 0, s.weightSize());
        Checks.noOverlap("filter gradient dw", dw, 0, s.weightSize(), "output gradient dy", dy, 0, s.outputSize());
        Checks.noOverlap("bias gradient db", db, 0, s.filters(), "filters w", w, 0, s.weightSize());
        Checks.noOverlap("bias gradient db", db, 0, s.filters(), "output gradient dy", dy, 0, s.outputSize());
        Checks.noOverlap("bias gradient db", db, 0, s.filters(), "filter gradient dw", dw, 0, s.weightSize());
        if (dx != null) {
            Checks.vector("input gradient dx", dx, 0, s.inputSize());
            Checks.noOverlap("input gradient dx", dx, 0, s.inputSize(), "filters w", w, 0, s.weightSize());
            Checks.noOverlap("input gradient dx", dx, 0, s.inputSize(), "output gradient dy", dy, 0, s.outputSize());
            Checks.noOverlap("input gradient dx", dx, 0, s.inputSize(), "filter gradient dw", dw, 0, s.weightSize());
            Checks.noOverlap("input gradient dx", dx, 0, s.inputSize(), "bias gradient db", db, 0, s.filters());
        }
    }
}
