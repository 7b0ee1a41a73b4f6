package io.simdnn.kernels.gemm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.Buffers;

/**
 * Per-thread scratch for GEMM: the packed A block (a heap array), the packed B panel (off-heap,
 * cache-line aligned) and one C tile (a heap copy for the narrow paths, an off-heap one for the
 * micro-kernel). Each thread keeps its own, grown on demand and then reused, so
 * steady-state calls allocate nothing. Sized by the block table, not by the problem: at most
 * {@code MC x KC} floats of A (or a whole thin A, see {@link GemmBlocking#packsAOnce}) and
 * {@code KC x NC} of B.
 */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> PER_THREAD = ThreadLocal.withInitial(GemmWorkspace::new);

    /** Packed A, read by the micro-kernel as an array (see {@link GemmMicroKernel}). */
    float[] packedA = new float[0];
    /** {@link #packedA} as a segment, which the packing routines write. */
    MemorySegment packedAView = MemorySegment.ofArray(packedA);
    MemorySegment packedB = MemorySegment.NULL;
    float[] edgeTile = new float[0];
    /** The micro-kernel's tile when it does not go straight into C (see {@link GemmMicroKernel#tile}). */
    MemorySegment tileScratch = MemorySegment.NULL;
    /** A narrow dot tile's partial sums (see {@link GemmNarrowDots}). */
    final float[] narrowSums = new float[GemmNarrowDots.PARTIAL_FLOATS];

    /** The calling thread's workspace, holding at least {@code aFloats} and {@code bFloats}. */
    static GemmWorkspace forCurrentThread(GemmBlocking blocking, long aFloats, long bFloats) {
        GemmWorkspace workspace = PER_THREAD.get();
        workspace.ensure(blocking, aFloats, bFloats);
        return workspace;
    }

    private void ensure(GemmBlocking blocking, long aFloats, long bFloats) {
        // the old segments are freed by the garbage collector once unreachable
        if (packedA.length < aFloats) {
            packedA = new float[Math.toIntExact(aFloats)];
            packedAView = MemorySegment.ofArray(packedA);
        }
        if (packedB.byteSize() < bFloats * Float.BYTES) {
            packedB = Buffers.allocate(Arena.ofAuto(), bFloats);
        }
        int tile = blocking.mr() * blocking.nr();
        if (edgeTile.length < tile) {
            edgeTile = new float[tile];
        }
        if (tileScratch.byteSize() < (long) tile * Float.BYTES) {
            tileScratch = Buffers.allocate(Arena.ofAuto(), tile);
        }
    }
}
