package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import io.simdnn.bench.benchmarks.OpenBlasSelection;
import io.simdnn.bench.benchmarks.OpenBlasSelectionTest;
import io.simdnn.bench.benchmarks.PeakBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineInfoTest {
    private static final String PRESCOTT = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64";

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
    void keepsTheOpenBlasCoreSelection() throws IOException {
        String config = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY %s MAX_THREADS=64";
        OpenBlasSelection cores = new OpenBlasSelection(List.of(
                OpenBlasSelectionTest.probe("Haswell", "Haswell", 0.06, 99.8), OpenBlasSelectionTest.probe("SkylakeX", "SkylakeX", 0.06, 188.9)));
        MachineInfo machine = new MachineInfo("cpu", "2 logical CPUs", "25", "SIMD on: 512-bit", 16, config.formatted("SkylakeX"), "git abc", cores);
        machine.write(directory);
        assertEquals(machine, MachineInfo.read(directory));
        assertEquals(Optional.empty(), machine.openBlasWarning());
        MachineInfo other = new MachineInfo("cpu", "2 logical CPUs", "25", "SIMD on: 512-bit", 16, config.formatted("Haswell"), "git abc", cores);
        assertEquals("OpenBLAS ran Haswell kernels, not the SkylakeX chosen by the probe", other.openBlasWarning().orElseThrow());

        SuiteReport report = SuiteReport.of(JmhResults.parse("[]"), machine);
        String summary = "SkylakeX, the fastest correct of 2 core types probed";
        assertTrue(MarkdownReport.report(report).contains("- OpenBLAS core type: " + summary), MarkdownReport.report(report));
        assertTrue(MarkdownReport.readmeTable(report).contains("OpenBLAS core type: " + summary), MarkdownReport.readmeTable(report));
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
        assertEquals(Runtime.getRuntime().availableProcessors() > 1, machine.cores().contains("core-to-core round trip"), machine.cores());
    }


    @Test
    void theReportCarriesTheWarning() {
        MachineInfo machine = new MachineInfo("cpu", "2 cores", "25", "SIMD on: 512-bit vectors", 16, PRESCOTT, "abc");
        SuiteReport report = SuiteReport.of(JmhResults.parse("[]"), machine);
        assertTrue(MarkdownReport.readmeTable(report).contains("**OpenBLAS runs its Prescott kernels"), MarkdownReport.readmeTable(report));
        assertTrue(MarkdownReport.report(report).contains("OPENBLAS_CORETYPE=SkylakeX"));
    }
}
