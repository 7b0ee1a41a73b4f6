package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {
    private static final String PRESCOTT = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64";

    @Test
    void aPreAvx2CoreOnAnAvx512MachineNamesTheCoreAndTheOverride() {
        String warning = OpenBlasCore.warning(PRESCOTT, 16).orElseThrow();
        assertTrue(warning.startsWith("OpenBLAS runs its Prescott kernels"), warning);
        assertTrue(warning.contains("512-bit vectors"), warning);
        assertTrue(warning.endsWith("OPENBLAS_CORETYPE=SkylakeX"), warning);
        assertTrue(OpenBlasCore.warning(PRESCOTT, 8).orElseThrow().endsWith("OPENBLAS_CORETYPE=Haswell"));
    }

    @Test
    void matchingCoresAbsentLibrariesAndNarrowMachinesGetNoWarning() {
        assertEquals(Optional.empty(), OpenBlasCore.warning(PRESCOTT.replace("Prescott", "SkylakeX"), 16));
        assertEquals(Optional.empty(), OpenBlasCore.warning(PRESCOTT.replace("Prescott", "Zen"), 8));
        assertEquals(Optional.empty(), OpenBlasCore.warning("not installed (rows against OpenBLAS skipped)", 16));
        assertEquals(Optional.empty(), OpenBlasCore.warning(PRESCOTT, 4)); // 128-bit vectors: SSE kernels are a fair match
    }

    @Test
    void theReportCarriesTheWarning() {
        MachineInfo machine = new MachineInfo("cpu", "2 cores", "25", "SIMD on: 512-bit vectors", 16, PRESCOTT, "abc");
        SuiteReport report = SuiteReport.of(JmhResults.parse("[]"), machine);
        assertTrue(MarkdownReport.readmeTable(report).contains("**OpenBLAS runs its Prescott kernels"), MarkdownReport.readmeTable(report));
        assertTrue(MarkdownReport.report(report).contains("OPENBLAS_CORETYPE=SkylakeX"));
    }
}
