package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.TypedSegments;

/**
 * The GEMM register tile: {@code MR x NR} of C accumulated in vector registers as a sum of outer
 * products of a packed A column (broadcast one element at a time) and a B row (two vectors). The
 * tile's shape comes from {@link GemmMicroKernelShape}'s table. The only class of GEMM that does
 * arithmetic on vector lanes.
 *
 * <p>B rows are read at a stride given by the caller: {@code NR} floats apart in a packed sliver,
 * or a row of the caller's B itself when B is used in place (see {@link GemmDriver}). A is always
 * a packed column-major sliver in a heap array: a broadcast from an array element is a few IR
 * nodes, one through a segment's accessors dozens, and with 12 of them per step C2 runs out of
 * inlining budget for this method and leaves the vector operations as calls (0.1 GFLOP/s).
 *
 * <p>Vectors live only in locals and the species is a constant: anything else makes C2 box every
 * operation. Each kernel first casts B and its destination to the native segment class
 * ({@link TypedSegments}), so that their vector loads and stores compile the same in every JVM.
 * Each tile shape has its own method with the row count written out, so that every packed-A
 * offset is the loop counter times a constant plus a constant.
 */
final class GemmMicroKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final long VECTOR_BYTES = (long) LANES * Float.BYTES;
    static final int MR = GemmMicroKernelShape.MR;
    static final int NR = GemmMicroKernelShape.VECTORS_PER_ROW * LANES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private GemmMicroKernel() {}

    /**
     * {@code C[0:rows, 0:cols] = alpha * (Ap * Bp) + beta * C} for one tile. Ap is the packed
     * column-major {@code MR x kc} sliver at {@code a[aBase]} (element (r, p) at
     * {@code aBase + p * MR + r}). Bp is {@code kc x NR} with element (p, j) at byte
     * {@code bByte + p * bRowBytes + 4 j} of {@code b}, a native segment; all NR columns are read, so a tile narrower
     * than NR must come from a padded packed sliver (its padding only reaches columns not stored). C starts at element {@code cIndex} of
     * {@code c}; with {@code transposedC} the tile is stored transposed (tile row r is C column r).
     * When {@code beta == 0} C is not read. Only the {@code rows x cols} part of the tile is
     * touched in C; {@code scratch} holds MR x NR floats.
     *
     * <p>A tile that fills its kernel's rows and NR columns of C, with {@code alpha == 1} and
     * {@code beta == 0} (every product of a training step), goes from the accumulators straight
     * into C; any other goes through {@code scratch} and an update that scales, adds and clips it.
     * Both store the same bits: the update multiplies by alpha = 1 and reads no C when beta is 0.
     * A C in heap memory always goes through {@code scratch} (native), so that the kernels only
     * ever see native segments ({@link TypedSegments}).
     *
     * <p>B's row offsets {@code p * bRowBytes} are int products, so {@code kc * bRowBytes} must be
     * at most {@code Integer.MAX_VALUE} ({@link #strideFits}). Computed as long products, they left
     * a 64-bit multiply, two bounds checks on B and a spilled register in every step of K: 4-5%
     * slower in L1 and L2 on a Zen 4 core (performance history v29).
     */
    static void tile(int kc, float[] a, int aBase, MemorySegment b, long bByte, int bRowBytes,
                     float alpha, float beta, MemorySegment c, long cIndex, int ldc, boolean transposedC,
                     int rows, int cols, MemorySegment scratch) {
        // the smallest kernel that covers the block's rows; each row gets the same FMAs in the
        // same order in all of them
        int kernelRows = rows > 8 ? 12 : MR == 12 && rows > 6 ? 8 : rows <= 4 ? 4 : MR == 5 ? 5 : 6;
        boolean direct = rows == kernelRows && cols == NR && !transposedC && alpha == 1f && beta == 0f
                && TypedSegments.isNative(c);
        MemorySegment to = direct ? c : scratch;
        long toByte = direct ? cIndex * Float.BYTES : 0;
        long toRowBytes = direct ? (long) ldc * Float.BYTES : NR * Float.BYTES;
        switch (kernelRows) {
            case 12 -> accumulate12x2(kc, a, aBase, b, bByte, bRowBytes, to, toByte, toRowBytes);
            case 8 -> accumulate8x2(kc, a, aBase, b, bByte, bRowBytes, to, toByte, toRowBytes);
            case 6 -> accumulate6x2(kc, a, aBase, b, bByte, bRowBytes, to, toByte, toRowBytes);
            case 5 -> accumulate5x2(kc, a, aBase, b, bByte, bRowBytes, to, toByte, toRowBytes);
            default -> accumulate4x2(kc, a, aBase, b, bByte, bRowBytes, to, toByte, toRowBytes);
        }
        if (direct) {
            return;
        }
        if (cols == NR && !transposedC) {
            updateFullRows(scratch, rows, alpha, beta, c, cIndex, ldc);
        } else {
            updateTileElementwise(scratch, rows, cols, alpha, beta, c, cIndex, transposedC ? 1 : ldc, transposedC ? ldc : 1);
        }
    }

    /** Whether B rows {@code bRowBytes} apart can feed a tile of depth {@code kc} (see {@link #tile}). */
    static boolean strideFits(int kc, long bRowBytes) {
        return (long) kc * bRowBytes <= Integer.MAX_VALUE;
    }

    /**
     * Accumulates the 12 x 2-vector tile over kc steps and stores it to {@code to}, row r of NR
     * floats at byte {@code toByte + r * toRowBytes} (C itself or the scratch tile). 24
     * accumulators, 2 B vectors and a broadcast: 27 of 32 vector registers. The kernel stores its
     * accumulators itself: passing vectors to a helper that C2 does not inline boxes them.
     */
    private static void accumulate12x2(int kc, float[] a, int aBase, MemorySegment bSegment, long bByte, int bRowBytes,
                                      MemorySegment toSegment, long toByte, long toRowBytes) {
        MemorySegment b = TypedSegments.exact(bSegment), to = TypedSegments.exact(toSegment);
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES), c61 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES), c71 = FloatVector.zero(SPECIES);
        FloatVector c80 = FloatVector.zero(SPECIES), c81 = FloatVector.zero(SPECIES);
        FloatVector c90 = FloatVector.zero(SPECIES), c91 = FloatVector.zero(SPECIES);
        FloatVector c100 = FloatVector.zero(SPECIES), c101 = FloatVector.zero(SPECIES);
        FloatVector c110 = FloatVector.zero(SPECIES), c111 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            long bp = bByte + p * bRowBytes;
            int ap = aBase + p * 12;
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bp, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bp + VECTOR_BYTES, ORDER);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[ap + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, a[ap + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(SPECIES, a[ap + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, a[ap + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
            av = FloatVector.broadcast(SPECIES, a[ap + 8]);
            c80 = av.fma(b0, c80);
            c81 = av.fma(b1, c81);
            av = FloatVector.broadcast(SPECIES, a[ap + 9]);
            c90 = av.fma(b0, c90);
            c91 = av.fma(b1, c91);
            av = FloatVector.broadcast(SPECIES, a[ap + 10]);
            c100 = av.fma(b0, c100);
            c101 = av.fma(b1, c101);
            av = FloatVector.broadcast(SPECIES, a[ap + 11]);
            c110 = av.fma(b0, c110);
            c111 = av.fma(b1, c111);
        }
        c00.intoMemorySegment(to, toByte, ORDER);
        c01.intoMemorySegment(to, toByte + VECTOR_BYTES, ORDER);
        c10.intoMemorySegment(to, toByte + toRowBytes, ORDER);
        c11.intoMemorySegment(to, toByte + toRowBytes + VECTOR_BYTES, ORDER);
        c20.intoMemorySegment(to, toByte + 2 * toRowBytes, ORDER);
        c21.intoMemorySegment(to, toByte + 2 * toRowBytes + VECTOR_BYTES, ORDER);
        c30.intoMemorySegment(to, toByte + 3 * toRowBytes, ORDER);
        c31.intoMemorySegment(to, toByte + 3 * toRowBytes + VECTOR_BYTES, ORDER);
        c40.intoMemorySegment(to, toByte + 4 * toRowBytes, ORDER);
        c41.intoMemorySegment(to, toByte + 4 * toRowBytes + VECTOR_BYTES, ORDER);
        c50.intoMemorySegment(to, toByte + 5 * toRowBytes, ORDER);
        c51.intoMemorySegment(to, toByte + 5 * toRowBytes + VECTOR_BYTES, ORDER);
        c60.intoMemorySegment(to, toByte + 6 * toRowBytes, ORDER);
        c61.intoMemorySegment(to, toByte + 6 * toRowBytes + VECTOR_BYTES, ORDER);
        c70.intoMemorySegment(to, toByte + 7 * toRowBytes, ORDER);
        c71.intoMemorySegment(to, toByte + 7 * toRowBytes + VECTOR_BYTES, ORDER);
        c80.intoMemorySegment(to, toByte + 8 * toRowBytes, ORDER);
        c81.intoMemorySegment(to, toByte + 8 * toRowBytes + VECTOR_BYTES, ORDER);
        c90.intoMemorySegment(to, toByte + 9 * toRowBytes, ORDER);
        c91.intoMemorySegment(to, toByte + 9 * toRowBytes + VECTOR_BYTES, ORDER);
        c100.intoMemorySegment(to, toByte + 10 * toRowBytes, ORDER);
        c101.intoMemorySegment(to, toByte + 10 * toRowBytes + VECTOR_BYTES, ORDER);
        c110.intoMemorySegment(to, toByte + 11 * toRowBytes, ORDER);
        c111.intoMemorySegment(to, toByte + 11 * toRowBytes + VECTOR_BYTES, ORDER);
    }

    /**
     * Accumulates the 6 x 2-vector tile over kc steps and stores it as {@link #accumulate12x2} does: the
     * tile of 256-bit vectors (12 accumulators, 2 B vectors and a broadcast: 15 of 16 vector
     * registers), and on 512-bit vectors a row block of at most 6 rows, the first 6 of a 12-row
     * sliver (M = 64 ends in a block of 4: half the work of the 12-row kernel). Each element gets
     * the same FMAs in the same order as in the 12-row kernel.
     */
    private static void accumulate6x2(int kc, float[] a, int aBase, MemorySegment bSegment, long bByte, int bRowBytes,
                                      MemorySegment toSegment, long toByte, long toRowBytes) {
        MemorySegment b = TypedSegments.exact(bSegment), to = TypedSegments.exact(toSegment);
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            long bp = bByte + p * bRowBytes;
            int ap = aBase + p * MR;
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bp, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bp + VECTOR_BYTES, ORDER);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[ap + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, a[ap + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoMemorySegment(to, toByte, ORDER);
        c01.intoMemorySegment(to, toByte + VECTOR_BYTES, ORDER);
        c10.intoMemorySegment(to, toByte + toRowBytes, ORDER);
        c11.intoMemorySegment(to, toByte + toRowBytes + VECTOR_BYTES, ORDER);
        c20.intoMemorySegment(to, toByte + 2 * toRowBytes, ORDER);
        c21.intoMemorySegment(to, toByte + 2 * toRowBytes + VECTOR_BYTES, ORDER);
        c30.intoMemorySegment(to, toByte + 3 * toRowBytes, ORDER);
        c31.intoMemorySegment(to, toByte + 3 * toRowBytes + VECTOR_BYTES, ORDER);
        c40.intoMemorySegment(to, toByte + 4 * toRowBytes, ORDER);
        c41.intoMemorySegment(to, toByte + 4 * toRowBytes + VECTOR_BYTES, ORDER);
        c50.intoMemorySegment(to, toByte + 5 * toRowBytes, ORDER);
        c51.intoMemorySegment(to, toByte + 5 * toRowBytes + VECTOR_BYTES, ORDER);
    }

    /**
     * Accumulates the 5 x 2-vector tile of 16 vector registers (AVX2) over kc steps and stores it as
     * {@link #accumulate12x2} does: 10 accumulators, 2 B vectors and up to 3 broadcasts C2 loads
     * ahead of their FMAs, 15 registers (see {@link GemmMicroKernelShape}). The packed-A index and
     * the B byte offset advance by addition: computed as {@code p * bRowBytes} each step, C2 ran out
     * of general registers and kept loop values on the stack, at half the speed in L1 on a Zen 3 core.
     */
    private static void accumulate5x2(int kc, float[] a, int aBase, MemorySegment bSegment, long bByte, int bRowBytes,
                                      MemorySegment toSegment, long toByte, long toRowBytes) {
        MemorySegment b = TypedSegments.exact(bSegment), to = TypedSegments.exact(toSegment);
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        long bp = bByte;
        int end = aBase + kc * MR;
        for (int ap = aBase; ap < end; ap += MR, bp += bRowBytes) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bp, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bp + VECTOR_BYTES, ORDER);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[ap + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
        }
        c00.intoMemorySegment(to, toByte, ORDER);
        c01.intoMemorySegment(to, toByte + VECTOR_BYTES, ORDER);
        c10.intoMemorySegment(to, toByte + toRowBytes, ORDER);
        c11.intoMemorySegment(to, toByte + toRowBytes + VECTOR_BYTES, ORDER);
        c20.intoMemorySegment(to, toByte + 2 * toRowBytes, ORDER);
        c21.intoMemorySegment(to, toByte + 2 * toRowBytes + VECTOR_BYTES, ORDER);
        c30.intoMemorySegment(to, toByte + 3 * toRowBytes, ORDER);
        c31.intoMemorySegment(to, toByte + 3 * toRowBytes + VECTOR_BYTES, ORDER);
        c40.intoMemorySegment(to, toByte + 4 * toRowBytes, ORDER);
        c41.intoMemorySegment(to, toByte + 4 * toRowBytes + VECTOR_BYTES, ORDER);
    }

    /**
     * Accumulates the first 8 rows of a 12-row sliver (512-bit vectors only): a row block of 7 or
     * 8 rows (M = 128 ends in one of 8 against MR = 12), two thirds of the 12-row kernel's work.
     */
    private static void accumulate8x2(int kc, float[] a, int aBase, MemorySegment bSegment, long bByte, int bRowBytes,
                                      MemorySegment toSegment, long toByte, long toRowBytes) {
        MemorySegment b = TypedSegments.exact(bSegment), to = TypedSegments.exact(toSegment);
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        FloatVector c60 = FloatVector.zero(SPECIES), c61 = FloatVector.zero(SPECIES);
        FloatVector c70 = FloatVector.zero(SPECIES), c71 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            long bp = bByte + p * bRowBytes;
            int ap = aBase + p * MR;
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bp, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bp + VECTOR_BYTES, ORDER);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(SPECIES, a[ap + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(SPECIES, a[ap + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(SPECIES, a[ap + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(SPECIES, a[ap + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoMemorySegment(to, toByte, ORDER);
        c01.intoMemorySegment(to, toByte + VECTOR_BYTES, ORDER);
        c10.intoMemorySegment(to, toByte + toRowBytes, ORDER);
        c11.intoMemorySegment(to, toByte + toRowBytes + VECTOR_BYTES, ORDER);
        c20.intoMemorySegment(to, toByte + 2 * toRowBytes, ORDER);
        c21.intoMemorySegment(to, toByte + 2 * toRowBytes + VECTOR_BYTES, ORDER);
        c30.intoMemorySegment(to, toByte + 3 * toRowBytes, ORDER);
        c31.intoMemorySegment(to, toByte + 3 * toRowBytes + VECTOR_BYTES, ORDER);
        c40.intoMemorySegment(to, toByte + 4 * toRowBytes, ORDER);
        c41.intoMemorySegment(to, toByte + 4 * toRowBytes + VECTOR_BYTES, ORDER);
        c50.intoMemorySegment(to, toByte + 5 * toRowBytes, ORDER);
        c51.intoMemorySegment(to, toByte + 5 * toRowBytes + VECTOR_BYTES, ORDER);
        c60.intoMemorySegment(to, toByte + 6 * toRowBytes, ORDER);
        c61.intoMemorySegment(to, toByte + 6 * toRowBytes + VECTOR_BYTES, ORDER);
        c70.intoMemorySegment(to, toByte + 7 * toRowBytes, ORDER);
        c71.intoMemorySegment(to, toByte + 7 * toRowBytes + VECTOR_BYTES, ORDER);
    }

    /**
     * Accumulates the first 4 rows of a sliver: a row block of at most 4 rows (M = 16 is 12 + 4,
     * M = 64 and 256 end in 4 against MR = 12). Eight accumulators still cover the FMA latency.
     */
    private static void accumulate4x2(int kc, float[] a, int aBase, MemorySegment bSegment, long bByte, int bRowBytes,
                                      MemorySegment toSegment, long toByte, long toRowBytes) {
        MemorySegment b = TypedSegments.exact(bSegment), to = TypedSegments.exact(toSegment);
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            long bp = bByte + p * bRowBytes;
            int ap = aBase + p * MR;
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, b, bp, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, b, bp + VECTOR_BYTES, ORDER);
            FloatVector av = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        c00.intoMemorySegment(to, toByte, ORDER);
        c01.intoMemorySegment(to, toByte + VECTOR_BYTES, ORDER);
        c10.intoMemorySegment(to, toByte + toRowBytes, ORDER);
        c11.intoMemorySegment(to, toByte + toRowBytes + VECTOR_BYTES, ORDER);
        c20.intoMemorySegment(to, toByte + 2 * toRowBytes, ORDER);
        c21.intoMemorySegment(to, toByte + 2 * toRowBytes + VECTOR_BYTES, ORDER);
        c30.intoMemorySegment(to, toByte + 3 * toRowBytes, ORDER);
        c31.intoMemorySegment(to, toByte + 3 * toRowBytes + VECTOR_BYTES, ORDER);
    }

    /**
     * {@code C = alpha * tile + beta * C} for the first {@code rows} rows of a tile whose NR
     * columns are all in C (a short last row block, M = 16 against MR = 12, takes this path too), as
     * separate multiplies and an add.
     */
    private static void updateFullRows(MemorySegment tile, int rows, float alpha, float beta, MemorySegment c, long cIndex, int ldc) {
        for (int r = 0; r < rows; r++) {
            long rowBytes = (cIndex + (long) r * ldc) * Float.BYTES;
            for (int v = 0; v < NR; v += LANES) {
                long at = rowBytes + (long) v * Float.BYTES;
                FloatVector out = FloatVector.fromMemorySegment(SPECIES, tile, (long) (r * NR + v) * Float.BYTES, ORDER).mul(alpha);
                if (beta != 0f) {
                    out = out.add(FloatVector.fromMemorySegment(SPECIES, c, at, ORDER).mul(beta));
                }
                out.intoMemorySegment(c, at, ORDER);
            }
        }
    }

    /**
     * The valid part of a column-edge or transposed tile, with exactly the rounding of
     * {@link #updateFullRows}: tile element (r, j) goes to {@code c[cIndex + r * rowStride + j * colStride]}.
     */
    private static void updateTileElementwise(MemorySegment tile, int rows, int cols, float alpha, float beta,
                                              MemorySegment c, long cIndex, long rowStride, long colStride) {
        for (int r = 0; r < rows; r++) {
            long rowIndex = cIndex + r * rowStride;
            for (int j = 0; j < cols; j++) {
                long index = rowIndex + j * colStride;
                float value = alpha * tile.getAtIndex(Buffers.FLOAT, r * NR + j);
                if (beta != 0f) {
                    value += beta * c.getAtIndex(Buffers.FLOAT, index);
                }
                c.setAtIndex(Buffers.FLOAT, index, value);
            }
        }
    }
}
