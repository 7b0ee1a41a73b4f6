package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GemmBlockingTest {

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

    @Test
    void inconsistentTablesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GemmBlocking(6, 16, 100, 256, 4096));
        assertTrue(e.getMessage().contains("MC=100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 144, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 144, 256, 4100));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(0, 16, 144, 256, 4096));
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(6, 16, 0, 256, 4096));
    }

    @Test
    void roundUp() {
        assertEquals(144, GemmBlocking.roundUp(139, 6));
        assertEquals(144, GemmBlocking.roundUp(144, 6));
        assertEquals(150, GemmBlocking.roundUp(145, 6));
        assertEquals(4096, GemmBlocking.roundUp(4096, 32));
    }
}
