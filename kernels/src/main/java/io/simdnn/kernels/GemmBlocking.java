package io.simdnn.kernels;

/**
 * The one table of GEMM block sizes (BLIS notation).
 *
 * <ul>
 *   <li>{@code MR x NR}: the register tile of the micro-kernel. NR is two vectors wide, MR rows
 *       are as many as leave registers for the two B vectors and a broadcast.</li>
 *   <li>{@code KC}: depth of one packed panel, sized so an {@code MR x KC} sliver of A plus a
 *       {@code KC x NR} sliver of B stay near the core (L1/L2) while the micro-kernel streams
 *       through them, and deep enough to amortize writing the C tile.</li>
 *   <li>{@code MC}: rows of the packed A block, sized to sit in L2 ({@code MC x KC} floats).</li>
 *   <li>{@code NC}: columns of the packed B panel, sized to sit in L3.</li>
 * </ul>
 *
 * Defaults come from measurement on the reference machine (see bench/PERFORMANCE.md); each can be
 * overridden with a system property ({@code simdnn.gemm.mc}, {@code .kc}, {@code .nc}) for tuning.
 * MC is always a multiple of MR and NC of NR.
 */
public record GemmBlocking(int mr, int nr, int mc, int kc, int nc) {
    /** The block sizes in force, fixed when the class loads. */
    public static final GemmBlocking DEFAULT = fromProperties(GemmMicroKernelShape.MR, GemmMicroKernelShape.nr());

    /**
     * Below this many flops ({@code 2 M N K}) a GEMM runs on the calling thread alone: waking a
     * worker costs tens of microseconds, more than such a product takes.
     */
    public static final long PARALLEL_MIN_FLOPS = 4_000_000L;

    /** Floats of a packed B panel that one A block streams from L2 (half of it: the rest holds A and C lines). */
    private static final int L2_PANEL_FLOATS = Integer.getInteger("simdnn.gemm.l2PanelFloats", 128 * 1024);

    /** Largest A packed whole, once per call (2 MB: about an L2). */
    private static final long A_ONCE_FLOATS = 512 * 1024;

    /**
     * Whether a thread's {@code rows x k} part of A is packed once, whole, rather than block by
     * block for every B panel: when it is a single row block (rows <= MC) small enough to stay near
     * the core. The driver then also reads a B stored K x N in place.
     */
    boolean packsAOnce(int rows, int k) {
        return rows <= mc && (long) roundUp(rows, mr) * k <= A_ONCE_FLOATS;
    }

    /**
     * Columns of the B panel packed at a time for a thread's range of {@code rows} rows at depth
     * {@code depth}. Several A blocks reuse an NC-wide panel from L3; a single one (rows <= MC)
     * reads it once, so the panel is cut to what stays in L2 between being packed and being read.
     */
    int panelColumns(int rows, int depth) {
        if (rows > mc) {
            return nc;
        }
        int columns = L2_PANEL_FLOATS / Math.max(1, depth) / nr * nr;
        return Math.max(nr, Math.min(nc, columns));
    }

    public GemmBlocking {
        if (mr < 1 || nr < 1 || mc < mr || kc < 1 || nc < nr || mc % mr != 0 || nc % nr != 0) {
            throw new IllegalArgumentException("invalid GEMM blocking MR=" + mr + " NR=" + nr + " MC=" + mc
                    + " KC=" + kc + " NC=" + nc + " (need MC a multiple of MR and NC a multiple of NR)");
        }
    }

    static GemmBlocking fromProperties(int mr, int nr) {
        // KC is larger than the L1 rule of thumb: the tile epilogue (writing C, 6 rows a 4 KB
        // stride apart, usually cache misses) costs as much as ~100 k-steps, so a deep K block
        // amortizes it; Zen 4's L2 feeds the B sliver fast enough. Measured 1024^3: KC 192 ->
        // 0.76x OpenBLAS, 512 -> 0.92x, 1024 -> 0.98x; 512 is best across the benchmark shapes.
        int kc = intProperty("simdnn.gemm.kc", 512);
        int mc = roundUp(intProperty("simdnn.gemm.mc", 144), mr);
        int nc = roundUp(intProperty("simdnn.gemm.nc", 4096), nr);
        return new GemmBlocking(mr, nr, mc, kc, nc);
    }

    private static int intProperty(String name, int defaultValue) {
        String value = System.getProperty(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + name + " must be an integer >= 1, got '" + value + "'");
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
