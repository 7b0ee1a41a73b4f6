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

    /** Experiment switch for the A-sliver layout: "auto" (default), "always" or "never". */
    private static final String ROW_MAJOR_A = System.getProperty("simdnn.gemm.rowMajorA", "auto");

    /** Below this many columns per thread, A stored M x K is packed row-major (a copy). */
    public static final int ROW_MAJOR_A_MAX_COLUMNS = Integer.getInteger("simdnn.gemm.rowMajorAMaxColumns", 1024);

    /**
     * Whether to pack an A stored M x K into row-major slivers (plain copies) rather than
     * column-major ones (a scalar transposition, ~0.6 ns an element). The micro-kernel is a little
     * slower on row-major slivers (six broadcast streams instead of one), so the copy only pays when
     * A is reused over few columns of B.
     */
    static boolean rowMajorA(int columns) {
        return switch (ROW_MAJOR_A) {
            case "always" -> true;
            case "never" -> false;
            default -> columns < ROW_MAJOR_A_MAX_COLUMNS;
        };
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
