package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineInfoTest {
    @TempDir
    Path directory;

    @Test
    void roundTripsThroughItsFile() throws IOException {
        MachineInfo machine = new MachineInfo("CPU: x=1", "2 logical CPUs", "25.0.3 (VM)", "SIMD on: 256-bit", 8, "OpenBLAS 0.3", "git abc");
        machine.write(directory);
        assertEquals(machine, MachineInfo.read(directory));
        assertEquals("CPU: x=1, 2 logical CPUs, JDK 25.0.3, SIMD on: 256-bit", machine.oneLine());
    }

    @Test
    void aMissingFileReadsAsUnknown() throws IOException {
        MachineInfo machine = MachineInfo.read(directory);
        assertEquals("unknown", machine.cpu());
        assertEquals(PeakBenchmark.LANES, machine.peakLanes());
    }

    @Test
    void detectsThisMachine() {
        MachineInfo machine = MachineInfo.detect();
        assertTrue(machine.cores().startsWith(Runtime.getRuntime().availableProcessors() + " logical CPUs"), machine.cores());
        assertTrue(machine.jdk().startsWith(System.getProperty("java.runtime.version")), machine.jdk());
    }
}
