package io.simdnn.kernels.internal;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 x 16 transposition of 32-bit values in 512-bit registers: four stages of two-vector
 * permutes, each swapping one bit of the row index with one bit of the lane index (Vector API
 * {@code selectFrom(v1, v2)}, one {@code vpermi2d} on AVX-512). Stage s pairs rows {@code 2^s}
 * apart: row i (bit s clear) becomes {@code lowIndexes(s).selectFrom(row i, row i + 2^s)} and row
 * {@code i + 2^s} the same with {@code highIndexes(s)}. It runs on ints, whose lane indexes need no
 * float conversion; floats go through {@code reinterpretAsInts}, which moves no bits.
 *
 * <p>Only for 16-lane int vectors ({@link #AVAILABLE}): C2 intrinsifies the two-vector permute
 * with AVX-512 only, and a 256-bit CPU would run it in Java.
 */
public final class RegisterTranspose {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Whether the preferred vectors hold 16 ints (512-bit): the only width this class serves. */
    public static final boolean AVAILABLE = INTS.length() == 16;

    private RegisterTranspose() {}

    /** A thread's three 16 x 16 blocks for {@link #transpose(float[], int[], int[])}: its input, scratch and result. */
    public static final class Blocks {
        /** The block to transpose, row i at {@code in[i * 16]}. */
        public final float[] in = new float[256];
        /** Scratch between the two pairs of stages. */
        public final int[] work = new int[256];
        /** The transposed block's bits. */
        public final int[] out = new int[256];

        private Blocks() {}
    }

    private static final ThreadLocal<Blocks> BLOCKS = ThreadLocal.withInitial(Blocks::new);

    /** The calling thread's {@link Blocks}, allocated on its first call. */
    public static Blocks blocks() {
        return BLOCKS.get();
    }

    /** Stage s's permute for the row of the pair whose bit s is clear. */
    private static IntVector lowIndexes(int stage) {
        return IntVector.fromArray(INTS, LOW, stage * 16);
    }

    /** Stage s's permute for the row of the pair whose bit s is set. */
    private static IntVector highIndexes(int stage) {
        return IntVector.fromArray(INTS, HIGH, stage * 16);
    }

    /**
     * Transposes a 16 x 16 block: row i (i &lt; rows) of the source, 16 floats at byte
     * {@code from + i * ldBytes} of which the first {@code depth} are read (the rest count as
     * zeros; a row past {@code rows} is a copy of row {@code rows - 1}), becomes column i of the
     * destination, whose row j (j &lt; depth) is written at byte {@code to + j * rowBytes}, its
     * first {@code stored} lanes only (for the GEMM's packing). On the
     * values' bits: stages 0 and 1 within each quad of consecutive rows into {@code block} (256
     * ints), stages 2 and 3 within each quad of rows 4 apart, straight to the destination.
     * {@code rows} may be zero or negative (a block past the panel's edge) as long as row
     * {@code rows - 1} exists.
     * <p>
     * Loads branch-free: every row is loaded from a real row's address (the last real row stands
     * in for rows past {@code rows}, which is why the padding is not zeros). In small pieces that
     * take ints and arrays only: as one method (16 live vectors per stage) C1 could not compile it
     * ("out of virtual registers"), so it ran interpreted until C2 compiled it, and again after
     * each deoptimization of C2's version (the MLP step benchmark ran at half speed, allocating
     * megabytes per step, in JVMs that hit one). A vector or mask argument would be boxed wherever
     * C2 does not inline the call. The GEMM packs A into a heap segment's view of a {@code float[]}
     * and B into native memory, and both run intrinsified; the convolution's dy reorder written
     * through such a view ran lane by lane ({@code memorySegmentSet}, twice the backward pass's
     * time; likely the JVM-wide segment profile {@link TypedSegments} describes), so it uses
     * {@link #transpose(float[], int[], int[])}.
     */
    public static void transpose(MemorySegment src, long from, long ldBytes, int rows, int depth,
                                   MemorySegment dst, long to, long rowBytes, int stored, int[] block) {
        // whole rows in and out take unmasked loads and stores, 28% faster than masked ones
        // whose mask is all true (0.29 against 0.40 ns per float over a 512 x 784 panel); edge
        // blocks have methods of their own, so that C2 never meets an untaken masked branch
        // inside the vector code of the common case
        boolean wholeRows = depth >= 16;
        boolean wholeBlock = wholeRows && stored == 16;
        for (int q = 0; q < 16; q += 4) {
            if (wholeRows) {
                nearQuad(src, from, ldBytes, rows, q, block);
            } else {
                nearQuadPart(src, from, ldBytes, rows, depth, q, block);
            }
        }
        for (int q = 0; q < 4; q++) {
            if (wholeBlock) {
                farQuad(block, q, dst, to, rowBytes);
            } else {
                farQuadPart(block, q, dst, to, rowBytes, depth, stored);
            }
        }
    }

    /** {@link #nearQuadPart} for a block whose rows are all 16 deep. */
    private static void nearQuad(MemorySegment src, long from, long ldBytes, int rows, int q, int[] block) {
        IntVector r0 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q, rows - 1) * ldBytes, ORDER);
        IntVector r1 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q + 1, rows - 1) * ldBytes, ORDER);
        IntVector r2 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q + 2, rows - 1) * ldBytes, ORDER);
        IntVector r3 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q + 3, rows - 1) * ldBytes, ORDER);
        IntVector low = lowIndexes(0);
        IntVector high = highIndexes(0);
        IntVector s0 = low.selectFrom(r0, r1), s1 = high.selectFrom(r0, r1);
        IntVector s2 = low.selectFrom(r2, r3), s3 = high.selectFrom(r2, r3);
        low = lowIndexes(1);
        high = highIndexes(1);
        low.selectFrom(s0, s2).intoArray(block, q * 16);
        low.selectFrom(s1, s3).intoArray(block, (q + 1) * 16);
        high.selectFrom(s0, s2).intoArray(block, (q + 2) * 16);
        high.selectFrom(s1, s3).intoArray(block, (q + 3) * 16);
    }

    /** {@link #farQuadPart} for a block of 16 destination rows, all 16 lanes stored. */
    private static void farQuad(int[] block, int q, MemorySegment dst, long to, long rowBytes) {
        IntVector a0 = IntVector.fromArray(INTS, block, q * 16);
        IntVector a4 = IntVector.fromArray(INTS, block, (q + 4) * 16);
        IntVector a8 = IntVector.fromArray(INTS, block, (q + 8) * 16);
        IntVector a12 = IntVector.fromArray(INTS, block, (q + 12) * 16);
        IntVector low = lowIndexes(2);
        IntVector high = highIndexes(2);
        IntVector t0 = low.selectFrom(a0, a4), t4 = high.selectFrom(a0, a4);
        IntVector t8 = low.selectFrom(a8, a12), t12 = high.selectFrom(a8, a12);
        low = lowIndexes(3);
        high = highIndexes(3);
        TypedSegments.store(low.selectFrom(t0, t8), dst, to + q * rowBytes);
        TypedSegments.store(low.selectFrom(t4, t12), dst, to + (q + 4) * rowBytes);
        TypedSegments.store(high.selectFrom(t0, t8), dst, to + (q + 8) * rowBytes);
        TypedSegments.store(high.selectFrom(t4, t12), dst, to + (q + 12) * rowBytes);
    }

    /**
     * Stages 0 and 1 (row distances 1 and 2) of {@link #transpose(MemorySegment, long, long, int, int, MemorySegment, long, long, int, int[])}
     * on source rows q .. q + 3, into block's rows q .. q + 3. The array version's stages repeat
     * these permutes with other loads and stores: a shared helper would take vectors as arguments,
     * boxed wherever C2 does not inline it.
     */
    private static void nearQuadPart(MemorySegment src, long from, long ldBytes, int rows, int depth, int q, int[] block) {
        VectorMask<Integer> read = INTS.indexInRange(0, depth);
        IntVector r0 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q, rows - 1) * ldBytes, ORDER, read);
        IntVector r1 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q + 1, rows - 1) * ldBytes, ORDER, read);
        IntVector r2 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q + 2, rows - 1) * ldBytes, ORDER, read);
        IntVector r3 = IntVector.fromMemorySegment(INTS, src, from + Math.min(q + 3, rows - 1) * ldBytes, ORDER, read);
        IntVector low = lowIndexes(0);
        IntVector high = highIndexes(0);
        IntVector s0 = low.selectFrom(r0, r1), s1 = high.selectFrom(r0, r1);
        IntVector s2 = low.selectFrom(r2, r3), s3 = high.selectFrom(r2, r3);
        low = lowIndexes(1);
        high = highIndexes(1);
        low.selectFrom(s0, s2).intoArray(block, q * 16);
        low.selectFrom(s1, s3).intoArray(block, (q + 1) * 16);
        high.selectFrom(s0, s2).intoArray(block, (q + 2) * 16);
        high.selectFrom(s1, s3).intoArray(block, (q + 3) * 16);
    }

    /**
     * Stages 2 and 3 (row distances 4 and 8) of {@link #transpose(MemorySegment, long, long, int, int, MemorySegment, long, long, int, int[])} on block's rows q, q + 4,
     * q + 8, q + 12, stored as the destination rows of those numbers that are below {@code depth}.
     */
    private static void farQuadPart(int[] block, int q, MemorySegment dst, long to, long rowBytes, int depth, int stored) {
        VectorMask<Integer> written = INTS.indexInRange(0, stored);
        IntVector a0 = IntVector.fromArray(INTS, block, q * 16);
        IntVector a4 = IntVector.fromArray(INTS, block, (q + 4) * 16);
        IntVector a8 = IntVector.fromArray(INTS, block, (q + 8) * 16);
        IntVector a12 = IntVector.fromArray(INTS, block, (q + 12) * 16);
        IntVector low = lowIndexes(2);
        IntVector high = highIndexes(2);
        IntVector t0 = low.selectFrom(a0, a4), t4 = high.selectFrom(a0, a4);
        IntVector t8 = low.selectFrom(a8, a12), t12 = high.selectFrom(a8, a12);
        low = lowIndexes(3);
        high = highIndexes(3);
        if (q < depth) {
            low.selectFrom(t0, t8).intoMemorySegment(dst, to + q * rowBytes, ORDER, written);
        }
        if (q + 4 < depth) {
            low.selectFrom(t4, t12).intoMemorySegment(dst, to + (q + 4) * rowBytes, ORDER, written);
        }
        if (q + 8 < depth) {
            high.selectFrom(t0, t8).intoMemorySegment(dst, to + (q + 8) * rowBytes, ORDER, written);
        }
        if (q + 12 < depth) {
            high.selectFrom(t4, t12).intoMemorySegment(dst, to + (q + 12) * rowBytes, ORDER, written);
        }
    }

    /**
     * {@code out[j * 16 + i]} = the bits of {@code in[i * 16 + j]} for i, j &lt; 16; {@code work}
     * is 256 ints of scratch. In two small pieces (stages 0 and 1, then 2 and 3, through
     * {@code work}): a single method with 16 live vectors per stage is too large for C1 ("out of
     * virtual registers"), and a method left to the interpreter runs the Vector API boxed.
     */
    public static void transpose(float[] in, int[] work, int[] out) {
        for (int q = 0; q < 16; q += 4) {
            nearQuad(in, q, work);
        }
        for (int q = 0; q < 4; q++) {
            farQuad(work, q, out);
        }
    }

    /** Stages 0 and 1 on rows q .. q + 3 of {@code in}, into the same rows of {@code work}. */
    private static void nearQuad(float[] in, int q, int[] work) {
        IntVector r0 = FloatVector.fromArray(FLOATS, in, q * 16).reinterpretAsInts();
        IntVector r1 = FloatVector.fromArray(FLOATS, in, (q + 1) * 16).reinterpretAsInts();
        IntVector r2 = FloatVector.fromArray(FLOATS, in, (q + 2) * 16).reinterpretAsInts();
        IntVector r3 = FloatVector.fromArray(FLOATS, in, (q + 3) * 16).reinterpretAsInts();
        IntVector low = lowIndexes(0), high = highIndexes(0);
        IntVector s0 = low.selectFrom(r0, r1), s1 = high.selectFrom(r0, r1);
        IntVector s2 = low.selectFrom(r2, r3), s3 = high.selectFrom(r2, r3);
        low = lowIndexes(1);
        high = highIndexes(1);
        low.selectFrom(s0, s2).intoArray(work, q * 16);
        low.selectFrom(s1, s3).intoArray(work, (q + 1) * 16);
        high.selectFrom(s0, s2).intoArray(work, (q + 2) * 16);
        high.selectFrom(s1, s3).intoArray(work, (q + 3) * 16);
    }

    /** Stages 2 and 3 on rows q, q + 4, q + 8, q + 12 of {@code work}, into the same rows of {@code out}. */
    private static void farQuad(int[] work, int q, int[] out) {
        IntVector a0 = IntVector.fromArray(INTS, work, q * 16);
        IntVector a4 = IntVector.fromArray(INTS, work, (q + 4) * 16);
        IntVector a8 = IntVector.fromArray(INTS, work, (q + 8) * 16);
        IntVector a12 = IntVector.fromArray(INTS, work, (q + 12) * 16);
        IntVector low = lowIndexes(2), high = highIndexes(2);
        IntVector t0 = low.selectFrom(a0, a4), t4 = high.selectFrom(a0, a4);
        IntVector t8 = low.selectFrom(a8, a12), t12 = high.selectFrom(a8, a12);
        low = lowIndexes(3);
        high = highIndexes(3);
        low.selectFrom(t0, t8).intoArray(out, q * 16);
        low.selectFrom(t4, t12).intoArray(out, (q + 4) * 16);
        high.selectFrom(t0, t8).intoArray(out, (q + 8) * 16);
        high.selectFrom(t4, t12).intoArray(out, (q + 12) * 16);
    }

    // Stage s, rows d = 2^s apart, lane l: the low row takes lane l of the first vector where bit
    // s of l is clear and lane l - d of the second (index 16 + l - d) where it is set; the high
    // row takes lane l + d of the first where it is clear and lane l of the second (16 + l) where
    // it is set.
    private static final int[] LOW = {0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29, 0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23};
    private static final int[] HIGH = {1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31, 4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31};
}
