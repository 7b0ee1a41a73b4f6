package io.simdnn.kernels.gemm;

import io.simdnn.kernels.internal.CacheSizes;
import io.simdnn.kernels.internal.Tuning;

/**
 * The GEMM block sizes in force (BLIS notation), derived when the class loads from the register
 * tile (the vector width) and the core's caches ({@code CacheSizes}: sysfs, else a table of known
 * CPU families) by the rules of the tuning table ({@code io.simdnn.kernels.internal.Tuning},
 * documented in docs/tuning.md).
 *
 * <ul>
 *   <li>{@code MR x NR}: the register tile of the micro-kernel.</li>
 *   <li>{@code KC}: depth of one packed panel.</li>
 *   <li>{@code MC}: rows of the packed A block, {@code MC x KC} floats in a third of the L2.</li>
 *   <li>{@code NC}: columns of the packed B panel, {@code KC x NC} floats in a quarter of the L3,
 *       at most 4096.</li>
 *   <li>{@code l2PanelFloats}: a B panel that only one A block reads (a thin A) is cut to half the
 *       L2, so it is still there when read right after being packed.</li>
 *   <li>{@code thinRows}: an A with at most this many rows (per thread) is packed once, whole, and
 *       B stored K x N is read in place: as many rows as a {@code thinKc}-deep block in a third of
 *       the L2. Separate from MC, which shrinks with KC.</li>
 *   <li>{@code thinKc}: depth of a K block when B is read in place. Chosen from the whole product,
 *       never from a thread's part, so that every element is summed over the same K blocks
 *       whatever the thread count.</li>
 * </ul>
 *
 * Each can be overridden with a system property ({@code simdnn.gemm.mc}, {@code .kc}, {@code .nc},
 * {@code .l2PanelFloats}, {@code .thinRows}, {@code .thinKc}) for tuning. MC is always a multiple of
 * MR and NC of NR.
 *
 * @param mr            MR, rows of the register tile
 * @param nr            NR, columns of the register tile (a multiple of the vector lanes)
 * @param mc            MC, rows of a packed A block, a multiple of MR
 * @param kc            KC, depth of a packed block
 * @param nc            NC, columns of a packed B panel, a multiple of NR
 * @param l2PanelFloats floats of a B panel read by a single (thin) A block
 * @param thinRows      rows (per thread) up to which A is packed once and B read in place; 0: never
 * @param thinKc        depth of a K block when B is read in place
 */
public record GemmBlocking(int mr, int nr, int mc, int kc, int nc, int l2PanelFloats, int thinRows, int thinKc) {
    /** The caches the table was derived from. */
    static final CacheSizes CACHES = CacheSizes.detect();

    /** The block sizes in force, fixed when the class loads. */
    public static final GemmBlocking DEFAULT = derive(GemmMicroKernelShape.MR, GemmMicroKernelShape.nr(), CACHES);

    /**
     * Whether a thread's {@code rows x k} part of A is packed once, whole, rather than block by
     * block for every B panel: when it has at most {@code thinRows} rows and is small enough to stay
     * near the core. The driver then also reads a B stored K x N in place.
     */
    boolean packsAOnce(int rows, int k) {
        return rows <= thinRows && (long) roundUp(rows, mr) * k <= Tuning.GEMM_A_ONCE_FLOATS;
    }

    /**
     * Depth of the K blocks of an {@code m x k} product with B stored transposed or not (the whole
     * product, not a thread's part): {@code thinKc} when B will be read in place (A thin enough to
     * be packed once, B stored K x N), {@code kc} otherwise.
     */
    int depth(int m, int k, boolean transB) {
        return packsAOnce(m, k) && !transB ? thinKc : kc;
    }

    /**
     * Columns of the B panel packed at a time for a thread's range of {@code rows} rows at depth
     * {@code depth}. Several A blocks reuse an NC-wide panel from L3; a thin A (rows &lt;= thinRows,
     * packed once) reads it once, so the panel is cut to what stays in L2 between being packed and being read.
     */
    int panelColumns(int rows, int depth) {
        if (rows > thinRows) {
            return nc;
        }
        int columns = l2PanelFloats / Math.max(1, depth) / nr * nr;
        return Math.max(nr, Math.min(nc, columns));
    }

    /**
     * Whether threads that would each pack the same B panel of {@code floats} floats share it
     * instead, each packing a part: when it is larger than the L2 ({@code 2 * l2PanelFloats}),
     * so that it would come from L3 to every core anyway. A panel that fits stays in the core
     * that packed it; shared, half of it would come from the other core (512^3 and 784x512x128
     * TN ran up to 10% slower shared, on 2 Zen 4 cores).
     */
    boolean sharesPanel(long floats) {
        return floats > 2L * l2PanelFloats;
    }

    /**
     * Validates the sizes.
     *
     * @throws IllegalArgumentException if a size is below 1 ({@code thinRows} below 0), MC is not a
     *         multiple of MR or NC not a multiple of NR
     */
    public GemmBlocking {
        if (mr < 1 || nr < 1 || mc < mr || kc < 1 || nc < nr || mc % mr != 0 || nc % nr != 0 || l2PanelFloats < 1
                || thinRows < 0 || thinKc < 1) {
            throw new IllegalArgumentException("invalid GEMM blocking MR=" + mr + " NR=" + nr + " MC=" + mc
                    + " KC=" + kc + " NC=" + nc + " L2 panel " + l2PanelFloats + " thin KC=" + thinKc
                    + " (need MC a multiple of MR, NC a multiple of NR, all >= 1)");
        }
    }

    /** The table for a tile of {@code mr x nr} on a core with {@code caches}, system properties overriding. */
    static GemmBlocking derive(int mr, int nr, CacheSizes caches) {
        int kc = intProperty("simdnn.gemm.kc", Tuning.GEMM_KC);
        long kcBytes = (long) kc * Float.BYTES;
        int mc = intProperty("simdnn.gemm.mc", clampToInt(Math.max(mr, caches.l2() / Tuning.GEMM_MC_L2_DIVISOR / kcBytes / mr * mr)));
        int thinRows = intProperty("simdnn.gemm.thinRows",
                clampToInt(Math.max(mr, caches.l2() / Tuning.GEMM_MC_L2_DIVISOR / (Tuning.GEMM_THIN_KC * Float.BYTES) / mr * mr)));
        int nc = intProperty("simdnn.gemm.nc", clampToInt(Math.min(Tuning.GEMM_NC_MAX, Math.max(nr, caches.l3() / Tuning.GEMM_NC_L3_DIVISOR / kcBytes / nr * nr))));
        int l2PanelFloats = intProperty("simdnn.gemm.l2PanelFloats", clampToInt(caches.l2() / Tuning.GEMM_L2_PANEL_DIVISOR / Float.BYTES));
        int thinKc = intProperty("simdnn.gemm.thinKc", Tuning.GEMM_THIN_KC);
        return new GemmBlocking(mr, nr, roundUp(mc, mr), kc, roundUp(nc, nr), l2PanelFloats, thinRows, thinKc);
    }

    private static int clampToInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE / 2, value);
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
