package io.simdnn.kernels;

/**
 * Per-thread scratch for GEMM: the packed A block, the packed B panel, one C tile, and the
 * packing routine's staging rows.
 * Each thread keeps its own, grown on demand and then reused, so steady-state calls allocate
 * nothing. Sized by the block table, not by the problem: at most {@code MC x KC} and
 * {@code KC x NC} floats.
 */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> PER_THREAD = ThreadLocal.withInitial(GemmWorkspace::new);

    float[] packedA = new float[0];
    float[] packedB = new float[0];
    float[] edgeTile = new float[0];
    float[] packingScratch = new float[0];

    static GemmWorkspace forCurrentThread(GemmBlocking blocking, int mc, int kc, int nc) {
        GemmWorkspace workspace = PER_THREAD.get();
        workspace.ensure(blocking, mc, kc, nc);
        return workspace;
    }

    private void ensure(GemmBlocking blocking, int mc, int kc, int nc) {
        int aSize = GemmBlocking.roundUp(mc, blocking.mr()) * kc;
        int bSize = GemmBlocking.roundUp(nc, blocking.nr()) * kc;
        if (packedA.length < aSize) {
            packedA = new float[aSize];
        }
        if (packedB.length < bSize) {
            packedB = new float[bSize];
        }
        int scratch = Math.max(GemmPacking.scratchSize(mc, blocking.mr()), GemmPacking.scratchSize(nc, blocking.nr()));
        if (packingScratch.length < scratch) {
            packingScratch = new float[scratch];
        }
        int tile = blocking.mr() * blocking.nr();
        if (edgeTile.length < tile) {
            edgeTile = new float[tile];
        }
    }
}
