package io.simdnn.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.CacheSizes;
import io.simdnn.kernels.internal.Tuning;
import org.junit.jupiter.api.Test;

class GemmBlockingTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    @Test
    void defaultTableFitsTheMicroKernel() {
        GemmBlocking blocking = GemmBlocking.DEFAULT;
        assertEquals(GemmMicroKernelShape.MR, blocking.mr());
        assertEquals(2 * VectorSupport.floatLanes(), blocking.nr(), "NR is two vectors");
        assertEquals(GemmMicroKernel.NR, blocking.nr());
        assertEquals(0, blocking.mc() % blocking.mr());
        assertEquals(0, blocking.nc() % blocking.nr());
        assertTrue(blocking.kc() >= 1);
    }

    /** The register tile's rows by vector width and register count (the table in GemmMicroKernelShape). */
    @Test
    void tileRowsFollowTheVectorUnit() {
        assertEquals(12, Tuning.gemmTileRows(16, 32), "AVX-512: 12 x 32");
        assertEquals(6, Tuning.gemmTileRows(8, 32), "256-bit vectors with AVX-512's 32 registers: 6 x 16");
        assertEquals(5, Tuning.gemmTileRows(8, 16), "AVX2's 16 registers: 5 x 16, no accumulator spilled");
        assertEquals(Tuning.gemmTileRows(VectorSupport.floatLanes(), VectorSupport.vectorRegisters()), GemmMicroKernelShape.MR);
    }

    @Test
    void blocksFollowTheCaches() {
        // Zen 5: a third of its 1 MiB L2 holds an 84 x 1024 A block; a thin A has up to 168 rows
        // (168 x 512 in that third); a quarter of its 32 MiB L3 holds 1024 x 2048 of B, so NC is 2048
        GemmBlocking zen5 = GemmBlocking.derive(12, 32, new CacheSizes(48 * KIB, MIB, 32 * MIB, "test"));
        assertEquals(1024, zen5.kc());
        assertEquals(84, zen5.mc());
        assertEquals(168, zen5.thinRows());
        assertEquals(2048, zen5.nc());
        assertEquals(128 * 1024, zen5.l2PanelFloats());
        assertEquals(512, zen5.thinKc());
        assertEquals(512, zen5.depth(128, 784, false), "B read in place: 512-deep blocks");
        assertEquals(1024, zen5.depth(128, 784, true), "B packed: KC");
        assertEquals(1024, zen5.depth(1024, 1024, false), "the blocked path keeps KC");
        // Emerald Rapids' 2 MiB L2 doubles MC; a small L3 shrinks NC
        GemmBlocking xeon = GemmBlocking.derive(12, 32, new CacheSizes(48 * KIB, 2 * MIB, 4 * MIB, "test"));
        assertEquals(168, xeon.mc());
        assertEquals(256, xeon.nc());
        assertTrue(xeon.mc() * xeon.kc() * 4L <= 2 * MIB / 3, "A block in a third of the L2");
    }

    @Test
    void thinProductsCutTheirPanelToTheL2() {
        GemmBlocking blocking = new GemmBlocking(12, 32, 252, 512, 4096, 128 * 1024, 252, 512);
        assertEquals(4096, blocking.panelColumns(300, 512), "several A blocks reuse a full panel");
        assertEquals(256, blocking.panelColumns(32, 512), "one A block: 128K floats / 512 deep");
        assertEquals(32, blocking.panelColumns(32, 100_000), "never narrower than a sliver");
        assertTrue(blocking.packsAOnce(32, 400));
        assertTrue(!blocking.packsAOnce(300, 400), "more rows than MC");
        assertTrue(!blocking.packsAOnce(252, 4096), "too large to keep near the core");
    }

    @Test
    void inconsistentTablesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GemmBlocking(6, 16, 100, 256, 4096, 1024, 144, 512));
        assertTrue(e.getMessage().contains("MC=100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 144, 0, 4096, 1024, 144, 512));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 144, 256, 4100, 1024, 144, 512));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(0, 16, 144, 256, 4096, 1024, 144, 512));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 0, 256, 4096, 1024, 144, 512));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 144, 256, 4096, 0, 144, 512));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 144, 256, 4096, 1024, 144, 0));
    }

    /** The micro-kernel's B row offsets are int products: a K block of B read in place must span fewer than 2^31 bytes. */
    @Test
    void bReadInPlaceOnlyWithinIntOffsets() {
        assertTrue(GemmMicroKernel.strideFits(512, 4 * 1_048_575L), "512 rows of 1,048,575 floats: 2^31 - 2 KiB bytes");
        assertFalse(GemmMicroKernel.strideFits(512, 4 * 1_048_576L), "512 rows of 2^20 floats: exactly 2^31 bytes");
        assertFalse(GemmMicroKernel.strideFits(1, 1L << 31), "a single row stride beyond int");
        assertTrue(GemmMicroKernel.strideFits(1024, GemmMicroKernel.NR * Float.BYTES), "a packed sliver always fits");
    }

    @Test
    void roundUp() {
        assertEquals(144, GemmBlocking.roundUp(139, 6));
        assertEquals(144, GemmBlocking.roundUp(144, 6));
        assertEquals(150, GemmBlocking.roundUp(145, 6));
        assertEquals(4096, GemmBlocking.roundUp(4096, 32));
    }
}
