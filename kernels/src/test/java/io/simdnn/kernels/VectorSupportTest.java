package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Surefire runs with the parent pom's flags (--add-modules jdk.incubator.vector), so the fast path must be on. */
class VectorSupportTest {

    @Test
    void fastPathIsEnabledUnderTheBuildFlags() {
        assertTrue(VectorSupport.isEnabled(), () -> "SIMD disabled: " + VectorSupport.disabledReason());
        assertNull(VectorSupport.disabledReason());
        assertTrue(VectorSupport.floatLanes() >= 8, "this machine has AVX2 or better: " + VectorSupport.describe());
        assertEquals(VectorSupport.floatLanes() * Float.SIZE, VectorSupport.vectorBits());
        assertTrue(VectorSupport.describe().startsWith("SIMD on: " + VectorSupport.vectorBits() + "-bit"), VectorSupport.describe());
        assertEquals("--add-modules jdk.incubator.vector", VectorSupport.REQUIRED_FLAG);
    }

    /** The build's AVX2 execution sets simdnn.test.expectedLanes, so that a dropped JVM flag cannot pass as an AVX2 run. */
    @Test
    void runsAtTheVectorWidthTheBuildAskedFor() {
        String expected = System.getProperty("simdnn.test.expectedLanes");
        assumeTrue(expected != null, "no vector width asked for");
        assertEquals(Integer.parseInt(expected), VectorSupport.floatLanes(), VectorSupport.describe());
    }
}
