package io.simdnn.kernels.internal;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * Segments typed for C2 where vector code loads or stores through them.
 *
 * <p>Every {@code FloatVector.intoMemorySegment} and {@code fromMemorySegment} in the JVM goes
 * through the same few JDK methods, which ask the segment for its base object and offset with
 * virtual calls. C2 compiles those calls from the type profile the JDK methods collected across
 * the whole JVM: once three segment classes have passed through them (native segments, the GEMM's
 * packed A as a {@code float[]} view, byte-array segments from the Vector API's own fallback for
 * {@code reinterpretAsFloats} and the like while such code is still interpreted), every vector
 * access in a newly compiled method becomes a real call, with all live vectors spilled around it.
 * A GEMM micro-kernel compiled after the MLP's first few steps stored its 24 accumulators that
 * way, and the weight-gradient products of a training step ran at 76 GFLOP/s where the same
 * product alone reached 98 (Zen 4, 1 thread; performance history v29).
 *
 * <p>{@link #exact} casts to the native segment class, which C2 then knows for everything the
 * kernel does with the segment: its accesses compile to plain vector loads and stores whatever
 * the profile says. Its callers only pass native segments ({@link #isNative}); a kernel that may
 * get a heap segment gives it a native one of its own (a scratch tile, a packed copy) instead.
 * {@link #store} serves code that writes either kind, the GEMM's packing (packed A is a
 * {@code float[]} view, packed B native): small enough for C2 to inline at a hot call site, it
 * tests the class and stores through a cast, so each store compiles to a type check and a vector
 * store. Without it the packing's stores were calls: 8% of the MLP training step (JFR, Zen 4).
 */
public final class TypedSegments {
    /** The class of segments from an {@code Arena} (memory-mapped segments are a subclass). */
    private static final Class<? extends MemorySegment> NATIVE = MemorySegment.NULL.getClass();

    /** The class of {@code MemorySegment.ofArray(float[])} views. */
    private static final Class<? extends MemorySegment> FLOAT_ARRAY = MemorySegment.ofArray(new float[0]).getClass();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private TypedSegments() {}

    /**
     * Stores {@code v} at byte {@code offset} of {@code dst}, typed for C2 when dst is native or a
     * {@code float[]} view (any other segment is stored into as it comes). For stores inside a
     * loop only: C2 inlines it where the call site is hot, and elsewhere (a tile's epilogue, run
     * once per call) calls it with the vector boxed, which allocates.
     *
     * @param v      the vector
     * @param dst    the destination
     * @param offset byte offset in dst
     */
    public static void store(FloatVector v, MemorySegment dst, long offset) {
        if (NATIVE.isInstance(dst)) {
            v.intoMemorySegment(NATIVE.cast(dst), offset, ORDER);
        } else if (FLOAT_ARRAY.isInstance(dst)) {
            v.intoMemorySegment(FLOAT_ARRAY.cast(dst), offset, ORDER);
        } else {
            v.intoMemorySegment(dst, offset, ORDER);
        }
    }

    /**
     * {@link #store(FloatVector, MemorySegment, long)} for the bits of floats in an int vector.
     *
     * @param v      the vector
     * @param dst    the destination
     * @param offset byte offset in dst
     */
    public static void store(IntVector v, MemorySegment dst, long offset) {
        if (NATIVE.isInstance(dst)) {
            v.intoMemorySegment(NATIVE.cast(dst), offset, ORDER);
        } else if (FLOAT_ARRAY.isInstance(dst)) {
            v.intoMemorySegment(FLOAT_ARRAY.cast(dst), offset, ORDER);
        } else {
            v.intoMemorySegment(dst, offset, ORDER);
        }
    }

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
