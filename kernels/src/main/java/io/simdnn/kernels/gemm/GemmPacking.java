package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.RegisterTranspose;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.internal.TypedSegments;

/**
 * Copies blocks of A and B into the contiguous, padded layouts the micro-kernel streams.
 * Transposes are absorbed here: the micro-kernel only ever sees op(A) and op(B).
 *
 * <p>View the block as a {@code kc x extent} matrix X (X = op(B) for B; X = op(A)^T for A, so
 * that p always runs along K) cut into slivers of {@code width} columns (NR for B, MR for A). The
 * packed sliver s holds X row by row: float {@code s * width * kc + p * width + t} of the
 * destination is {@code X[p][s * width + t]}, padded past the edge so the micro-kernel always runs
 * full tiles: with zeros, or in blocks transposed in registers with copies of the last real column of
 * the sliver. Padding only ever meets padding-derived lanes of the tile, which are never stored. Stored X is either row-contiguous (consecutive t are adjacent: B as stored, A
 * transposed) or column-contiguous (consecutive p are adjacent: B transposed, A as stored).
 * Row-contiguous panels are moved a vector at a time, sliver by sliver, each written front to back;
 * column-contiguous ones are transposed in square blocks in vector registers on 512- and 256-bit
 * vectors, and otherwise element by element in chunks of {@link #CHUNK} rows so the scattered
 * writes stay in L1.
 */
final class GemmPacking {
    static final int CHUNK = Tuning.GEMM_PACK_CHUNK;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long VECTOR_BYTES = (long) LANES * Buffers.FLOAT_BYTES;
    /** Masked loads and stores only where they compile to instructions (AVX-512); scalar edges elsewhere. */
    private static final boolean MASKED_MEMORY = VectorSupport.hasMaskedMemoryAccess();

    private GemmPacking() {}

    /**
     * Packs op(A)[i0 : i0 + mc, p0 : p0 + kc] into {@code ap} from float {@code apBase} on, as
     * column-major MR-row slivers of {@code MR * kc} floats (the MR values of one p adjacent).
     */
    static void packA(MemorySegment a, long aOffset, int lda, boolean transposed,
                      int i0, int mc, int p0, int kc, int mr, MemorySegment ap, long apBase) {
        // X[p][i] = op(A)[i0 + i][p0 + p]: stored K x M (transposed) it is row-contiguous
        long origin = transposed ? aOffset + (long) p0 * lda + i0 : aOffset + (long) i0 * lda + p0;
        packPanel(a, origin, lda, transposed, kc, mc, mr, ap, apBase);
    }

    /**
     * Packs op(B)[p0 : p0 + kc, j0 : j0 + nc] into {@code bp} as NR-wide slivers from float
     * {@code bpBase} on. Each sliver is packed on its own, so a panel packed in pieces of whole
     * slivers (by several threads) is the same floats as one packed at once.
     */
    static void packB(MemorySegment b, long bOffset, int ldb, boolean transposed,
                      int p0, int kc, int j0, int nc, int nr, MemorySegment bp, long bpBase) {
        // X[p][j] = op(B)[p0 + p][j0 + j]: stored K x N (not transposed) it is row-contiguous
        long origin = transposed ? bOffset + (long) j0 * ldb + p0 : bOffset + (long) p0 * ldb + j0;
        packPanel(b, origin, ldb, !transposed, kc, nc, nr, bp, bpBase);
    }

    /**
     * Packs the {@code kc x extent} matrix X stored at {@code origin} into width-wide slivers
     * from float {@code dstBase} of {@code dst} on (an offset rather than a slice: a slice is an
     * object per call).
     * Row-contiguous: X[p][q] at {@code origin + p * ld + q}; otherwise at {@code origin + q * ld + p}.
     */
    static void packPanel(MemorySegment src, long origin, int ld, boolean rowContiguous,
                          int kc, int extent, int width, MemorySegment dst, long dstBase) {
        if (rowContiguous) {
            packRowContiguous(src, origin, ld, kc, extent, width, dst, dstBase);
        } else {
            packColumnContiguous(src, origin, ld, kc, extent, width, dst, dstBase);
        }
    }

    /**
     * Sliver by sliver, each written front to back: the destination is then one sequential
     * stream, where visiting every sliver for each row of X (16 slivers 16 KB apart for a 512-wide
     * B at KC 128) ran at a third of a plain copy's speed. Loads past the panel's edge are masked to
     * zeros; stores are full vectors wherever a narrower sliver's extra lanes land on a row
     * written later (a 12-wide A sliver in 16-lane vectors spills into the next row).
     */
    private static void packRowContiguous(MemorySegment src, long origin, int ld, int kc, int extent, int width,
                                          MemorySegment dst, long dstBase) {
        int slivers = (extent + width - 1) / width;
        long ldBytes = (long) ld * Buffers.FLOAT_BYTES;
        for (int s = 0; s < slivers; s++) {
            int q0 = s * width;
            // only the panel's very last row may not spill: nothing is written after it
            boolean maskLastRow = s == slivers - 1 && width % LANES != 0;
            packSliver(src, (origin + q0) * Buffers.FLOAT_BYTES, ldBytes, kc, extent - q0, width, dst,
                    (dstBase + (long) s * width * kc) * Buffers.FLOAT_BYTES, maskLastRow);
        }
    }

    /**
     * One sliver of {@link #packRowContiguous}: rows p &lt; kc of {@code width} floats from byte
     * {@code from + p * ldBytes} of src, of which {@code available} exist (the rest are zeros), to
     * byte {@code to + p * width * 4} of dst. Every vector store is full except, with
     * {@code maskLastRow}, the last row's last one: lanes past the width land on the next row. A
     * method of its own with the row loop inside, so C2 compiles it after a few calls: a packing
     * call runs a few times per training step, and vector code left to the interpreter boxes every
     * vector.
     */
    private static void packSliver(MemorySegment src, long from, long ldBytes, int kc, int available, int width,
                                   MemorySegment dst, long to, boolean maskLastRow) {
        long rowBytes = (long) width * Buffers.FLOAT_BYTES;
        int vectors = (width + LANES - 1) / LANES;
        // a full load may read past the width (the next sliver's columns: they only reach lanes
        // that spill) but never past the panel's edge
        boolean fullLoads = available >= vectors * LANES;
        int rows = maskLastRow ? kc - 1 : kc;
        if (fullLoads && vectors == 1) {
            for (int p = 0; p < rows; p++) {
                TypedSegments.store(FloatVector.fromMemorySegment(SPECIES, src, from + p * ldBytes, ORDER), dst, to + p * rowBytes);
            }
        } else if (fullLoads && vectors == 2) {
            for (int p = 0; p < rows; p++) {
                long in = from + p * ldBytes;
                long out = to + p * rowBytes;
                TypedSegments.store(FloatVector.fromMemorySegment(SPECIES, src, in, ORDER), dst, out);
                TypedSegments.store(FloatVector.fromMemorySegment(SPECIES, src, in + VECTOR_BYTES, ORDER), dst, out + VECTOR_BYTES);
            }
        } else if (MASKED_MEMORY) {
            for (int p = 0; p < rows; p++) {
                long in = from + p * ldBytes;
                long out = to + p * rowBytes;
                for (int v = 0; v < vectors; v++) {
                    long offset = v * VECTOR_BYTES;
                    VectorMask<Float> loaded = SPECIES.indexInRange(v * LANES, available);
                    FloatVector.fromMemorySegment(SPECIES, src, in + offset, ORDER, loaded).intoMemorySegment(dst, out + offset, ORDER);
                }
            }
        } else {
            // without mask registers: the floats one by one (a narrow sliver at the panel's edge)
            for (int p = 0; p < rows; p++) {
                copyRow(src, from + p * ldBytes, available, width, dst, to + p * rowBytes);
            }
        }
        // Written out here rather than shared with the loop above through a helper: as a method of
        // its own taking the store mask, C2 compiled the masked accesses' lane-wise range checks
        // to their Java fallbacks, and every training step of the CNN allocated about 900 bytes.
        if (maskLastRow && !MASKED_MEMORY) {
            copyRow(src, from + (kc - 1) * ldBytes, available, width, dst, to + (kc - 1) * rowBytes);
        } else if (maskLastRow) {
            long in = from + (kc - 1) * ldBytes;
            long out = to + (kc - 1) * rowBytes;
            for (int v = 0; v < vectors; v++) {
                long offset = v * VECTOR_BYTES;
                VectorMask<Float> loaded = SPECIES.indexInRange(v * LANES, available);
                VectorMask<Float> stored = SPECIES.indexInRange(v * LANES, width);
                FloatVector.fromMemorySegment(SPECIES, src, in + offset, ORDER, loaded)
                        .intoMemorySegment(dst, out + offset, ORDER, stored);
            }
        }
    }

    /** One packed row without vectors: {@code width} floats from byte {@code in}, zeros past {@code available}. */
    private static void copyRow(MemorySegment src, long in, int available, int width, MemorySegment dst, long out) {
        for (int t = 0; t < width; t++) {
            float value = t < available ? src.get(Buffers.FLOAT, in + (long) t * Buffers.FLOAT_BYTES) : 0f;
            dst.set(Buffers.FLOAT, out + (long) t * Buffers.FLOAT_BYTES, value);
        }
    }

    /**
     * Transposed in registers ({@link #transposeInBlocks}) on 512- and 256-bit vectors unless the
     * panel is under {@link Tuning#GEMM_TRANSPOSE_MIN_FLOATS}; otherwise reads {@link #CHUNK}
     * consecutive p of each column and scatters them at stride {@code width}, the writes staying
     * in a {@code width x CHUNK} window of the destination that fits in L1.
     */
    private static void packColumnContiguous(MemorySegment src, long origin, int ld, int kc, int extent, int width,
                                             MemorySegment dst, long dstBase) {
        int slivers = (extent + width - 1) / width;
        if ((LANES == 16 || LANES == 8) && (long) kc * extent >= Tuning.GEMM_TRANSPOSE_MIN_FLOATS) {
            transposeInBlocks(src, origin, ld, kc, extent, width, slivers, dst, dstBase);
            return;
        }
        for (int s = 0; s < slivers; s++) {
            int q0 = s * width;
            int valid = Math.min(width, extent - q0);
            long sliverBase = dstBase + (long) s * width * kc;
            for (int pc = 0; pc < kc; pc += CHUNK) {
                int depth = Math.min(CHUNK, kc - pc);
                for (int t = 0; t < width; t++) {
                    long out = sliverBase + (long) pc * width + t;
                    if (t < valid) {
                        long from = origin + (long) (q0 + t) * ld + pc;
                        for (int p = 0; p < depth; p++) {
                            dst.setAtIndex(Buffers.FLOAT, out + (long) p * width, src.getAtIndex(Buffers.FLOAT, from + p));
                        }
                    } else {
                        for (int p = 0; p < depth; p++) {
                            dst.setAtIndex(Buffers.FLOAT, out + (long) p * width, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #packColumnContiguous} on 512- and 256-bit vectors: the panel is cut into square
     * blocks of a vector's lanes (columns of X by steps of p), each transposed in registers by
     * {@link RegisterTranspose} or {@link #transpose8}, several times faster than moving the floats one
     * by one.
     */
    private static void transposeInBlocks(MemorySegment src, long origin, int ld, int kc, int extent, int width,
                                          int slivers, MemorySegment dst, long dstBase) {
        long ldBytes = (long) ld * Buffers.FLOAT_BYTES;
        long rowBytes = (long) width * Buffers.FLOAT_BYTES;
        int[] block = LANES == 16 ? TRANSPOSE_BLOCK.get() : null;
        float[] floatBlock = LANES == 16 ? null : TRANSPOSE_BLOCK_8.get();
        for (int s = 0; s < slivers; s++) {
            int q0 = s * width;
            int valid = Math.min(width, extent - q0);
            long sliverBase = dstBase + (long) s * width * kc;
            for (int t0 = 0; t0 < width; t0 += LANES) {
                // rows of this block that exist; zero or less past the panel's edge, where the
                // transposes still address the sliver's last row (see RegisterTranspose)
                int rows = valid - t0;
                int stored = Math.min(LANES, width - t0);
                long from = (origin + (long) (q0 + t0) * ld) * Buffers.FLOAT_BYTES;
                for (int pc = 0; pc < kc; pc += LANES) {
                    long to = (sliverBase + (long) pc * width + t0) * Buffers.FLOAT_BYTES;
                    long at = from + (long) pc * Buffers.FLOAT_BYTES;
                    int depth = Math.min(LANES, kc - pc);
                    if (LANES == 16) {
                        RegisterTranspose.transpose(src, at, ldBytes, rows, depth, dst, to, rowBytes, stored, block);
                    } else {
                        // a sliver one block wide may store whole vectors: what lands past a row's
                        // width is overwritten by the next row, stored later; not past the sliver's last row
                        int wholeRows = width <= LANES ? Math.min(depth, kc - 1 - pc) : 0;
                        transpose8(src, at, ldBytes, rows, depth, dst, to, rowBytes, stored, wholeRows, floatBlock);
                    }
                }
            }
        }
    }

    /**
     * The 16 x 16 register transposition's counterpart for 8-lane (256-bit) vectors: an 8 x 8 block, loaded into {@code block}
     * (64 floats), transposed there in three stages, stored from it; loads branch-free as there. Each stage swaps
     * one bit of the row index with one of the lane index by a one-vector permute and a blend per
     * row ({@code rearrange}, {@code blend}: vpermps and vblendvps on AVX2). Not two-vector
     * {@code selectFrom}: C2 intrinsifies that with AVX-512's vpermi2d only. In small pieces: the
     * whole transpose in one method is too large for C1's profiling tier ("out of virtual
     * registers"), and a method stuck in the tier below runs the Vector API unintrinsified for good.
     *
     * <p>Written for what an AVX2 CPU compiles (measured on a Zen 3 core, JDK 25): a masked load or
     * store, and a float vector viewed from int lanes, are not intrinsified there and took 5-10 ns
     * each where a whole-vector store takes 0.4-1. So the block is floats, only the panel's K edge
     * reads partial rows, and the first {@code wholeRows} rows are stored as whole vectors (their
     * lanes past {@code stored} land on the next row, which is stored after them); only the rest
     * (a sliver's last row, or every row of a sliver wider than a vector) are stored partially:
     * masked with AVX-512, float by float without it.
     */
    private static void transpose8(MemorySegment src, long from, long ldBytes, int rows, int depth,
                                   MemorySegment dst, long to, long rowBytes, int stored, int wholeRows, float[] block) {
        if (depth == 8) {
            for (int i = 0; i < 8; i++) {
                FloatVector.fromMemorySegment(SPECIES, src, from + Math.min(i, rows - 1) * ldBytes, ORDER).intoArray(block, i * 8);
            }
        } else if (MASKED_MEMORY) {
            VectorMask<Float> read = SPECIES.indexInRange(0, depth);
            for (int i = 0; i < 8; i++) {
                FloatVector.fromMemorySegment(SPECIES, src, from + Math.min(i, rows - 1) * ldBytes, ORDER, read).intoArray(block, i * 8);
            }
        } else {
            for (int i = 0; i < 8; i++) {
                long at = from + Math.min(i, rows - 1) * ldBytes;
                for (int l = 0; l < 8; l++) {
                    block[i * 8 + l] = l < depth ? src.get(Buffers.FLOAT, at + (long) l * Buffers.FLOAT_BYTES) : 0f;
                }
            }
        }
        transposeStage8(block, 1, SHIFT_DOWN_1, SHIFT_UP_1, UPPER_1);
        transposeStage8(block, 2, SHIFT_DOWN_2, SHIFT_UP_2, UPPER_2);
        transposeStage8(block, 4, SHIFT_DOWN_4, SHIFT_UP_4, UPPER_4);
        int whole = stored == 8 ? depth : wholeRows;
        for (int j = 0; j < whole; j++) {
            FloatVector.fromArray(SPECIES, block, j * 8).intoMemorySegment(dst, to + j * rowBytes, ORDER);
        }
        if (whole < depth && MASKED_MEMORY) {
            VectorMask<Float> written = SPECIES.indexInRange(0, stored);
            for (int j = whole; j < depth; j++) {
                FloatVector.fromArray(SPECIES, block, j * 8).intoMemorySegment(dst, to + j * rowBytes, ORDER, written);
            }
        } else {
            for (int j = whole; j < depth; j++) {
                for (int l = 0; l < stored; l++) {
                    dst.set(Buffers.FLOAT, to + j * rowBytes + (long) l * Buffers.FLOAT_BYTES, block[j * 8 + l]);
                }
            }
        }
    }

    /**
     * One stage of {@link #transpose8}: for each row pair (i, i + d), bit d of i clear, row i takes
     * lanes l with bit d set from row i + d's lane l - d, and row i + d takes lanes with bit d clear
     * from row i's lane l + d. The shuffles and the mask are constants, passed as the objects they
     * are, so nothing is boxed even where the call is not inlined.
     */
    private static void transposeStage8(float[] block, int d, VectorShuffle<Float> down, VectorShuffle<Float> up,
                                        VectorMask<Float> upper) {
        for (int k = 0; k < 4; k++) {
            int i = k / d * 2 * d + k % d;
            FloatVector a = FloatVector.fromArray(SPECIES, block, i * 8);
            FloatVector b = FloatVector.fromArray(SPECIES, block, (i + d) * 8);
            a.blend(b.rearrange(down), upper).intoArray(block, i * 8);
            a.rearrange(up).blend(b, upper).intoArray(block, (i + d) * 8);
        }
    }

    private static final VectorShuffle<Float> SHIFT_DOWN_1 = laneShift(1, -1), SHIFT_UP_1 = laneShift(1, 1);
    private static final VectorShuffle<Float> SHIFT_DOWN_2 = laneShift(2, -1), SHIFT_UP_2 = laneShift(2, 1);
    private static final VectorShuffle<Float> SHIFT_DOWN_4 = laneShift(4, -1), SHIFT_UP_4 = laneShift(4, 1);
    private static final VectorMask<Float> UPPER_1 = lanesWithBit(1), UPPER_2 = lanesWithBit(2), UPPER_4 = lanesWithBit(4);

    /** Lane l takes lane l - d where bit d of l is set (direction -1), or lane l + d where it is clear (+1); other lanes keep their own. */
    private static VectorShuffle<Float> laneShift(int d, int direction) {
        int[] source = new int[SPECIES.length()];
        for (int l = 0; l < source.length; l++) {
            boolean set = (l & d) != 0;
            source[l] = direction < 0 ? (set ? l - d : l) : (set ? l : l + d);
        }
        return VectorShuffle.fromArray(SPECIES, source, 0);
    }

    /** The lanes whose index has bit d set. */
    private static VectorMask<Float> lanesWithBit(int d) {
        boolean[] set = new boolean[SPECIES.length()];
        for (int l = 0; l < set.length; l++) {
            set[l] = (l & d) != 0;
        }
        return VectorMask.fromArray(SPECIES, set, 0);
    }

    /** The register transposes' block between their pieces, per thread: LANES x LANES ints. */
    private static final ThreadLocal<int[]> TRANSPOSE_BLOCK = ThreadLocal.withInitial(() -> new int[LANES * LANES]);

    /** {@link #transpose8}'s block, per thread: 8 x 8 floats. */
    private static final ThreadLocal<float[]> TRANSPOSE_BLOCK_8 = ThreadLocal.withInitial(() -> new float[64]);

}
