package io.simdnn.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cache sizes from /proc/cpuinfo lines (the table of known CPUs) and from sysfs size text. */
class CacheSizesTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    @Test
    void cacheSizesFromCpuinfo() {
        List<String> zen5 = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2",
                "model name\t: AMD EPYC", "cache size\t: 1024 KB", "", "processor\t: 1", "cpu family\t: 99");
        CacheSizes caches = CacheSizes.identify(zen5).orElseThrow();
        assertEquals(48 * KIB, caches.l1Data());
        assertEquals(MIB, caches.l2());
        List<String> emeraldRapids = List.of("vendor_id : GenuineIntel", "cpu family : 6", "model : 207");
        assertEquals(2 * MIB, CacheSizes.identify(emeraldRapids).orElseThrow().l2());
        assertTrue(CacheSizes.identify(List.of("vendor_id : GenuineIntel", "cpu family : 6", "model : 1")).isEmpty());
    }

    @Test
    void cacheSizeText() {
        assertEquals(48 * KIB, CacheSizes.parseSize("48K"));
        assertEquals(32 * MIB, CacheSizes.parseSize("32768K"));
        assertEquals(2 * MIB, CacheSizes.parseSize("2M"));
        assertEquals(512, CacheSizes.parseSize("512"));
    }
}
