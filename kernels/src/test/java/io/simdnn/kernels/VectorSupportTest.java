package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
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

    /**
     * The register count the GEMM tile is sized from follows the JVM's instruction set: 16 under
     * AVX2 (the build's AVX2 execution, or an AVX2-only CPU), 32 only with AVX-512 on and 512-bit vectors
     * possible. A wrong 32 on AVX2 would pick a tile that spills an accumulator (half speed).
     */
    @Test
    void countsTheVectorRegistersOfTheInstructionSetInUse() {
        int registers = VectorSupport.vectorRegisters();
        assertTrue(registers == 16 || registers == 32, VectorSupport.describe());
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:UseAVX=2")) {
            assertEquals(16, registers, VectorSupport.describe());
        }
        if (VectorSupport.floatLanes() >= 16) {
            assertEquals(32, registers, "512-bit vectors exist only with AVX-512's 32 registers: " + VectorSupport.describe());
        }
        assertTrue(VectorSupport.describe().endsWith(registers + " vector registers"), VectorSupport.describe());
    }
}
