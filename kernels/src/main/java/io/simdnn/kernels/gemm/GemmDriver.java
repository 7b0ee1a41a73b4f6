package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.GemmEpilogue;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.internal.TypedSegments;
import io.simdnn.kernels.internal.Workers;

/**
 * The BLIS/Goto loop nest around the micro-kernel, and its split across threads. Plain Java: no
 * vector code here.
 *
 * <pre>
 * for jc in N by NC:                 B panel  (KC x NC) packed once, reused by every A block
 *   for pc in K by KC:
 *     pack op(B)[pc, jc]
 *     for ic in M by MC:             A block  (MC x KC) packed once, stays in L2
 *       pack op(A)[ic, pc]
 *       for jr in NC by NR:          B sliver (KC x NR) stays in L1
 *         for ir in MC by MR:        micro-kernel tile
 * </pre>
 *
 * Some products are computed as C^T = op(B)^T op(A)^T instead (narrow C, or a transposed B
 * that is larger than A); see {@link #prefersTransposedProblem}.
 *
 * <p>Threads split C into column or row ranges on tile boundaries ({@link #splitsColumns}); each
 * thread runs the whole nest on its range with its own workspace. Every element is therefore
 * reduced by one thread, over the same KC blocks in the same order, whatever the thread count.
 * The same thread applies the call's {@link GemmEpilogue} to each register tile right after
 * its last K block.
 */
final class GemmDriver {
    private GemmDriver() {}

    /**
     * Arguments are already validated; {@code m, n, k >= 1} and {@code alpha != 0}. The epilogue
     * finishes each register tile on the thread that computed it (the narrow path: all of C, on
     * the calling thread, right after the product).
     */
    static void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
                         MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
                         float beta, MemorySegment c, long cOffset, int ldc, GemmEpilogue epilogue) {
        if (GemmNarrow.applies(transA, m, n, k)) {
            GemmNarrow.multiply(transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            GemmEpilogueKernel.apply(epilogue, c, cOffset, ldc, 0, m, 0, n);
            return;
        }
        GemmBlocking blocking = GemmBlocking.DEFAULT;
        if (prefersTransposedProblem(blocking, m, n)) {
            // C^T = op(B)^T op(A)^T: B plays A's role and vice versa, each with its transpose
            // flag flipped, and tiles are stored transposed into C.
            multiplyOriented(blocking, !transB, !transA, n, m, k, alpha, b, bOffset, ldb, a, aOffset, lda,
                    beta, c, cOffset, ldc, true, epilogue);
        } else {
            multiplyOriented(blocking, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc, false, epilogue);
        }
    }

    /**
     * Whether to compute C^T = op(B)^T op(A)^T instead: when that fills the register tiles
     * markedly better ({@code Tuning.GEMM_TRANSPOSE_MIN_GAIN}), judged by the fraction of tile lanes doing useful work (a 128 x 10 C fills
     * only 10 of a tile's NR columns; as C^T its 10 rows fill most of an MR-row sliver). A function
     * of the shape only, never of the thread count.
     *
     * <p>Otherwise the product is computed as asked: swapping the roles never saves packing work
     * (A is transposed while packing when stored M x K, B when stored N x K, and the swap trades
     * exactly those two cases), while C^T tiles are written to C element by element.
     */
    static boolean prefersTransposedProblem(GemmBlocking blocking, int m, int n) {
        double direct = tileFill(m, blocking.mr()) * tileFill(n, blocking.nr());
        double transposed = tileFill(n, blocking.mr()) * tileFill(m, blocking.nr());
        return transposed > Tuning.GEMM_TRANSPOSE_MIN_GAIN * direct;
    }

    private static double tileFill(int extent, int tile) {
        return extent / (double) (ceilDiv(extent, tile) * tile);
    }

    private static void multiplyOriented(GemmBlocking blocking, boolean transA, boolean transB, int m, int n, int k,
                                         float alpha, MemorySegment a, long aOffset, int lda,
                                         MemorySegment b, long bOffset, int ldb,
                                         float beta, MemorySegment c, long cOffset, int ldc, boolean transposedC,
                                         GemmEpilogue epilogue) {
        int threads = Workers.parallelism();
        long flops = 2L * m * n * k;
        boolean parallel = flops >= Tuning.GEMM_PARALLEL_MIN_FLOPS && threads > 1 && Workers.workersCanAccess(a, b, c)
                && (epilogue.operand() == null || Workers.workersCanAccess(epilogue.operand()));
        boolean splitColumns = !parallel || splitsColumns(blocking, transA, transB, m, n, k, threads);
        int tileCount = splitColumns ? ceilDiv(n, blocking.nr()) : ceilDiv(m, blocking.mr());
        int tasks = parallel ? Math.min(threads, tileCount) : 1;
        if (tasks == 1) {
            multiplyRange(blocking, blocking.depth(m, k, transB), transA, transB, 0, m, 0, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
                    beta, c, cOffset, ldc, transposedC, epilogue);
            return;
        }
        ColumnOrRowSplit split = SPLITS.get();
        split.set(blocking, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                transposedC, splitColumns, tileCount, tasks, epilogue);
        try {
            if (splitColumns || !split.sharesPanels()) {
                Workers.parallelFor(tasks, split);
            } else {
                split.runWithSharedPanels();
            }
        } finally {
            split.clear();
        }
    }

    /**
     * The epilogue on rows {@code [row0, row0 + rows)} and columns {@code [col0, col0 + cols)} of
     * the product as computed, which are C's columns and rows when computing C^T.
     */
    private static void finish(GemmEpilogue epilogue, MemorySegment c, long cOffset, int ldc, boolean transposedC,
                               int row0, int rows, int col0, int cols) {
        if (transposedC) {
            GemmEpilogueKernel.apply(epilogue, c, cOffset, ldc, col0, cols, row0, rows);
        } else {
            GemmEpilogueKernel.apply(epilogue, c, cOffset, ldc, row0, rows, col0, cols);
        }
    }

    /**
     * Whether {@code threads} threads share the product by C's columns rather than its rows: the
     * split whose busiest thread has the least work ({@link Tuning#GEMM_SPLIT_B_TRANSPOSED_COST}).
     * A column split has every thread pack all of op(A); a row split, all of op(B), unless each
     * thread's rows are thin enough to read B in place. Which split runs never changes a result:
     * either way each element is computed by one thread over the same K blocks.
     */
    static boolean splitsColumns(GemmBlocking blocking, boolean transA, boolean transB, int m, int n, int k, int threads) {
        // A stored K x M is copied into its slivers, stored M x K transposed; B the other way round
        double aFloat = transA ? Tuning.GEMM_SPLIT_A_COPIED_COST : Tuning.GEMM_SPLIT_A_TRANSPOSED_COST;
        double bFloat = transB ? Tuning.GEMM_SPLIT_B_TRANSPOSED_COST : 1;
        double flops = 2.0 * m * n * k * Tuning.GEMM_SPLIT_FLOP_COST;
        double columnShare = busiestPart(n, blocking.nr(), threads) / (double) n;
        int taskRows = busiestPart(m, blocking.mr(), threads);
        double rowShare = taskRows / (double) m;
        boolean bInPlace = !transB && blocking.packsAOnce(m, k);
        double byColumns = columnShare * flops + (double) m * k * aFloat + (bInPlace ? 0 : columnShare * k * n * bFloat);
        boolean taskBInPlace = !transB && blocking.packsAOnce(taskRows, k);
        // tasks that pack large B panels share them, each packing its part (ColumnOrRowSplit.sharesPanels)
        boolean sharedPanels = blocking.sharesPanel((long) Math.min(blocking.nc(), n) * Math.min(blocking.kc(), k));
        double bShare = taskBInPlace ? 0 : sharedPanels ? columnShare : 1;
        double byRows = rowShare * flops + rowShare * m * k * aFloat + bShare * k * n * bFloat;
        return byColumns <= byRows;
    }

    /** The largest part of an extent that one of {@code threads} tasks gets when it is cut on tile boundaries. */
    private static int busiestPart(int extent, int tile, int threads) {
        int tiles = ceilDiv(extent, tile);
        int tasks = Math.min(threads, tiles);
        return Math.min(extent, ceilDiv(tiles, tasks) * tile);
    }

    private static final ThreadLocal<ColumnOrRowSplit> SPLITS = ThreadLocal.withInitial(ColumnOrRowSplit::new);

    /**
     * One GEMM call's split across threads: task t runs the loop nest on its range of C's columns
     * (or rows). The arguments live in fields rather than a capturing lambda so that a call
     * allocates nothing: each calling thread keeps one instance and refills it (a GEMM never calls
     * GEMM from inside its own tasks, so an instance is never in use twice on one thread).
     *
     * <p>A row split whose every task would pack the same large B panels shares them instead
     * ({@link #sharesPanels}): for each panel the tasks first pack a share of its slivers into the
     * calling thread's panel, then each multiplies its rows by the whole panel, two rounds of tasks
     * per panel. On 2 Zen 4 cores, alternating in one JVM: 1024^3 and 2048^3 1-3% faster, 768^3
     * 1-6% (the packing is 2.8% of one thread's time at 1024^3). The same panels, K blocks and
     * tiles either way: the same bits.
     */
    private static final class ColumnOrRowSplit implements Workers.Task {
        private GemmBlocking blocking;
        private boolean transA, transB, transposedC, splitColumns;
        private int m, n, k, lda, ldb, ldc, tileCount, tasks;
        private float alpha, beta;
        private MemorySegment a, b, c;
        private long aOffset, bOffset, cOffset;
        private GemmEpilogue epilogue;
        /** The shared panel's round: packing its slivers or multiplying by it; neither: whole loop nests. */
        private boolean packingRound, multiplyingRound;
        private MemorySegment panel;
        private int jc, nc, pc, kc;

        void set(GemmBlocking blocking, boolean transA, boolean transB, int m, int n, int k, float alpha,
                 MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
                 float beta, MemorySegment c, long cOffset, int ldc, boolean transposedC,
                 boolean splitColumns, int tileCount, int tasks, GemmEpilogue epilogue) {
            this.blocking = blocking;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOffset = aOffset;
            this.lda = lda;
            this.b = b;
            this.bOffset = bOffset;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOffset = cOffset;
            this.ldc = ldc;
            this.transposedC = transposedC;
            this.splitColumns = splitColumns;
            this.tileCount = tileCount;
            this.tasks = tasks;
            this.epilogue = epilogue;
        }

        /** Drops the references to the caller's buffers. */
        void clear() {
            a = null;
            b = null;
            c = null;
            epilogue = null;
            panel = null;
            packingRound = false;
            multiplyingRound = false;
        }

        /** Where task {@code task}'s share of {@code count} equal pieces begins (task {@code tasks} ends the last share). */
        private int shareStart(int count, int task) {
            return (int) ((long) count * task / tasks);
        }

        /** First row (or column) of task {@code task}'s range: whole tiles, so tile boundaries are the same for every thread count. */
        private int rangeStart(int task) {
            return shareStart(tileCount, task) * (splitColumns ? blocking.nr() : blocking.mr());
        }

        private int rangeEnd(int task) {
            return Math.min(splitColumns ? n : m, rangeStart(task + 1));
        }

        /**
         * Whether this row split packs each B panel once, in shares: when every task would pack
         * the panels itself (none packs its A once and reads B in place) and a panel is larger than
         * the L2 ({@link GemmBlocking#sharesPanel}).
         */
        boolean sharesPanels() {
            for (int task = 0; task < tasks; task++) {
                if (blocking.packsAOnce(rangeEnd(task) - rangeStart(task), k)) {
                    return false;
                }
            }
            return blocking.sharesPanel(panelFloats(panelColumns()));
        }

        /** Columns of a shared panel: as the busiest task would cut its own. */
        private int panelColumns() {
            int busiestRows = 0;
            for (int task = 0; task < tasks; task++) {
                busiestRows = Math.max(busiestRows, rangeEnd(task) - rangeStart(task));
            }
            return blocking.panelColumns(busiestRows, blocking.depth(m, k, transB));
        }

        private long panelFloats(int panelColumns) {
            return (long) GemmBlocking.roundUp(Math.min(panelColumns, n), blocking.nr()) * Math.min(blocking.depth(m, k, transB), k);
        }

        /** The row split over panels packed once, in shares, into the calling thread's workspace. */
        void runWithSharedPanels() {
            int depth = blocking.depth(m, k, transB);
            int panelColumns = panelColumns();
            panel = GemmWorkspace.forCurrentThread(blocking, 0, panelFloats(panelColumns)).packedB;
            for (jc = 0; jc < n; jc += panelColumns) {
                nc = Math.min(panelColumns, n - jc);
                for (pc = 0; pc < k; pc += depth) {
                    kc = Math.min(depth, k - pc);
                    packingRound = true;
                    Workers.parallelFor(tasks, this);
                    packingRound = false;
                    multiplyingRound = true;
                    Workers.parallelFor(tasks, this);
                    multiplyingRound = false;
                }
            }
        }

        @Override
        public void run(int task) {
            if (packingRound) {
                int nr = blocking.nr();
                int slivers = (nc + nr - 1) / nr;
                int first = shareStart(slivers, task);
                int end = shareStart(slivers, task + 1);
                if (first < end) {
                    int columns = Math.min(nc, end * nr) - first * nr;
                    GemmPacking.packB(b, bOffset, ldb, transB, pc, kc, jc + first * nr, columns, nr, panel, (long) first * nr * kc);
                }
                return;
            }
            int start = rangeStart(task);
            int end = rangeEnd(task);
            if (multiplyingRound) {
                int mr = blocking.mr();
                GemmWorkspace workspace = GemmWorkspace.forCurrentThread(blocking,
                        (long) GemmBlocking.roundUp(Math.min(blocking.mc(), end - start), mr) * kc, 0);
                // later K blocks add to what the first one wrote; the last one finishes C
                float blockBeta = pc == 0 ? beta : 1f;
                GemmEpilogue blockEpilogue = pc + kc >= k ? epilogue : GemmEpilogue.NONE;
                long cColStride = transposedC ? ldc : 1;
                multiplyRows(blocking, transA, start, end, pc, kc, nc, a, aOffset, lda,
                        panel, 0, blocking.nr() * Float.BYTES, true, alpha, blockBeta,
                        c, cOffset + jc * cColStride, ldc, transposedC, workspace, blockEpilogue, cOffset, jc);
                return;
            }
            // from the whole product's shape, like the single-task call
            int blockDepth = blocking.depth(m, k, transB);
            if (splitColumns) {
                multiplyRange(blocking, blockDepth, transA, transB, 0, m, start, end - start, k, alpha,
                        a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, transposedC, epilogue);
            } else {
                multiplyRange(blocking, blockDepth, transA, transB, start, end - start, 0, n, k, alpha,
                        a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, transposedC, epilogue);
            }
        }
    }

    /**
     * The loop nest for C[row0 : row0 + rows, col0 : col0 + cols] on the current thread, over K
     * blocks of {@code blockDepth} (fixed by the whole product's shape). The epilogue finishes
     * each register tile right after its last K block stored it, while it is in L1. Applied to
     * the thread's whole range afterwards, it streamed C back from L2, and with C split by
     * columns the prefetchers ran from a thread's half rows into the other core's: each half took
     * 1.2 to 3.5 times as long as all of C on 1 thread (performance history v24).
     */
    private static void multiplyRange(GemmBlocking blocking, int blockDepth, boolean transA, boolean transB,
                                      int row0, int rows, int col0, int cols, int k, float alpha,
                                      MemorySegment a, long aOffset, int lda, MemorySegment b, long bOffset, int ldb,
                                      float beta, MemorySegment c, long cOffset, int ldc, boolean transposedC,
                                      GemmEpilogue epilogue) {
        int mr = blocking.mr();
        int nr = blocking.nr();
        // element (i, j) of the product lives at C[i][j], or at C[j][i] when computing C^T
        long cRowStride = transposedC ? 1 : ldc;
        long cColStride = transposedC ? ldc : 1;
        boolean aOnce = blocking.packsAOnce(rows, k);
        // B stored K x N is read in place when A is packed once: each B element then feeds
        // ceil(rows / MR) tiles back to back, too few to repay a packed copy (unless a K block of
        // B spans more bytes than the micro-kernel's int row offsets reach, or B is heap memory,
        // which the micro-kernel never reads: see TypedSegments)
        int depth = Math.min(blockDepth, k);
        boolean bInPlace = aOnce && !transB && GemmMicroKernel.strideFits(depth, (long) ldb * Float.BYTES)
                && TypedSegments.isNative(b);
        int panelColumns = bInPlace ? nr : blocking.panelColumns(rows, depth);
        long aFloats = aOnce ? (long) GemmBlocking.roundUp(rows, mr) * k
                : (long) GemmBlocking.roundUp(Math.min(blocking.mc(), rows), mr) * depth;
        long bFloats = (long) GemmBlocking.roundUp(Math.min(panelColumns, cols), nr) * depth;
        GemmWorkspace workspace = GemmWorkspace.forCurrentThread(blocking, aFloats, bFloats);
        float[] packedA = workspace.packedA;
        MemorySegment packedAView = workspace.packedAView;
        MemorySegment packedB = workspace.packedB;
        MemorySegment tileScratch = workspace.tileScratch;
        if (aOnce) {
            // K block pc sits at float pc * roundUp(rows, MR), right after the blocks before it
            for (int pc = 0; pc < k; pc += blockDepth) {
                GemmPacking.packA(a, aOffset, lda, transA, row0, rows, pc, Math.min(blockDepth, k - pc), mr,
                        packedAView, (long) pc * GemmBlocking.roundUp(rows, mr));
            }
        }
        for (int jc = 0; jc < cols; jc += panelColumns) {
            int nc = Math.min(panelColumns, cols - jc);
            for (int pc = 0; pc < k; pc += blockDepth) {
                int kc = Math.min(blockDepth, k - pc);
                // later K blocks add to what the first one wrote; the last one finishes C
                float blockBeta = pc == 0 ? beta : 1f;
                GemmEpilogue blockEpilogue = pc + kc >= k ? epilogue : GemmEpilogue.NONE;
                // a full-width sliver is read where it is; a narrower edge needs zero padding
                boolean bPacked = !(bInPlace && nc == nr);
                MemorySegment bSource = packedB;
                long bByte = 0;
                int bRowBytes = nr * Float.BYTES;
                if (!bPacked) {
                    bSource = b;
                    bByte = (bOffset + (long) pc * ldb + col0 + jc) * Float.BYTES;
                    bRowBytes = ldb * Float.BYTES;
                } else {
                    GemmPacking.packB(b, bOffset, ldb, transB, pc, kc, col0 + jc, nc, nr, packedB, 0);
                }
                if (aOnce) {
                    multiplyBlock(blocking, kc, packedA, pc * GemmBlocking.roundUp(rows, mr), rows, nc,
                            bSource, bByte, bRowBytes, bPacked, alpha, blockBeta,
                            c, cOffset + row0 * cRowStride + (col0 + jc) * cColStride, ldc, transposedC, tileScratch,
                            blockEpilogue, cOffset, row0, col0 + jc);
                } else {
                    multiplyRows(blocking, transA, row0, row0 + rows, pc, kc, nc, a, aOffset, lda,
                            bSource, bByte, bRowBytes, bPacked, alpha, blockBeta,
                            c, cOffset + (col0 + jc) * cColStride, ldc, transposedC, workspace,
                            blockEpilogue, cOffset, col0 + jc);
                }
            }
        }
    }

    /**
     * Rows [rowStart, rowEnd) of C against one B panel (K block {@code pc} of depth {@code kc},
     * {@code nc} columns, C's panel columns starting at element {@code cPanel} of row 0), packing
     * each MC-row block of A into {@code workspace} first.
     */
    private static void multiplyRows(GemmBlocking blocking, boolean transA, int rowStart, int rowEnd, int pc, int kc, int nc,
                             MemorySegment a, long aOffset, int lda, MemorySegment b, long bByte, int bRowBytes,
                             boolean packedB, float alpha, float beta,
                             MemorySegment c, long cPanel, int ldc, boolean transposedC, GemmWorkspace workspace,
                             GemmEpilogue epilogue, long cOffset, int panelCol) {
        long cRowStride = transposedC ? 1 : ldc;
        for (int ic = rowStart; ic < rowEnd; ic += blocking.mc()) {
            int mc = Math.min(blocking.mc(), rowEnd - ic);
            GemmPacking.packA(a, aOffset, lda, transA, ic, mc, pc, kc, blocking.mr(), workspace.packedAView, 0);
            multiplyBlock(blocking, kc, workspace.packedA, 0, mc, nc, b, bByte, bRowBytes, packedB, alpha, beta,
                    c, cPanel + ic * cRowStride, ldc, transposedC, workspace.tileScratch, epilogue, cOffset, ic, panelCol);
        }
    }

    /**
     * One packed A block ({@code mc} rows from {@code packedA[aBlock]}) times one B panel, into
     * C from element {@code cBlock}. The panel's slivers are NR * kc floats apart when packed, NR
     * columns apart when B is read in place. Each tile is then finished by {@code epilogue}: the
     * block's first element is (blockRow, blockCol) of the product as computed, C from cOffset.
     */
    private static void multiplyBlock(GemmBlocking blocking, int kc, float[] packedA, int aBlock, int mc, int nc,
                                      MemorySegment b, long bByte, int bRowBytes, boolean packedB,
                                      float alpha, float beta, MemorySegment c, long cBlock, int ldc,
                                      boolean transposedC, MemorySegment tileScratch,
                                      GemmEpilogue epilogue, long cOffset, int blockRow, int blockCol) {
        int mr = blocking.mr();
        int nr = blocking.nr();
        long cRowStride = transposedC ? 1 : ldc;
        long cColStride = transposedC ? ldc : 1;
        for (int jr = 0; jr < nc; jr += nr) {
            long sliverByte = bByte + (packedB ? (long) jr * kc : jr) * Float.BYTES;
            int tileCols = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int tileRows = Math.min(mr, mc - ir);
                GemmMicroKernel.tile(kc, packedA, aBlock + ir * kc, b, sliverByte, bRowBytes, alpha, beta,
                        c, cBlock + ir * cRowStride + jr * cColStride, ldc, transposedC, tileRows, tileCols, tileScratch);
                if (epilogue.kind() != GemmEpilogue.Kind.NONE) {
                    finish(epilogue, c, cOffset, ldc, transposedC, blockRow + ir, tileRows, blockCol + jr, tileCols);
                }
            }
        }
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }
}
