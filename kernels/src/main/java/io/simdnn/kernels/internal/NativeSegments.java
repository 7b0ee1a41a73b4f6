package io.simdnn.kernels.internal;

import java.lang.foreign.MemorySegment;

/**
 * Native segments typed for C2 inside a hot vector loop.
 *
 * <p>Every {@code FloatVector.intoMemorySegment} and {@code fromMemorySegment} in the JVM goes
 * through the same few JDK methods, which ask the segment for its base object and offset with
 * virtual calls. C2 compiles those calls from the type profile the JDK methods collected across
 * the whole JVM: once three segment classes have passed through them (native segments, the GEMM's
 * packed A as a {@code float[]} view, byte-array segments from the Vector API's own fallback code
 * during warm-up), every vector access in a newly compiled kernel becomes a real call, with all live
 * vectors spilled around it. A GEMM micro-kernel compiled after the MLP's first few steps stored
 * its 24 accumulators that way, and the weight-gradient products of a training step ran at 76
 * GFLOP/s where the same product alone reached 98 (Zen 4, 1 thread; performance history v29).
 *
 * <p>{@link #exact} casts to the native segment class, which C2 then knows for everything the
 * kernel does with the segment: its accesses compile to plain vector loads and stores whatever
 * the profile says. Callers must only pass native segments ({@link #isNative}); a kernel that
 * may get a heap segment gives it a native one of its own (a scratch tile, a packed copy)
 * instead.
 */
public final class NativeSegments {
    /** The class of segments from an {@code Arena} (memory-mapped segments are a subclass). */
    private static final Class<? extends MemorySegment> NATIVE = MemorySegment.NULL.getClass();

    private NativeSegments() {}

    /**
     * Whether {@code segment} is native memory of the common class ({@link #exact} accepts it).
     *
     * @param segment any segment
     * @return {@code true} for segments from an {@code Arena} or a file mapping
     */
    public static boolean isNative(MemorySegment segment) {
        return NATIVE.isInstance(segment);
    }

    /**
     * {@code segment}, typed as the native segment class for C2 in the calling method.
     *
     * @param segment a segment for which {@link #isNative} holds
     * @return the same segment
     * @throws ClassCastException if {@code segment} is not native
     */
    public static MemorySegment exact(MemorySegment segment) {
        return NATIVE.cast(segment);
    }
}
