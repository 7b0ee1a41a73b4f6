package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {
    private static final String PRESCOTT = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64";
    private static final Set<String> AVX512 = Set.of("sse2", "avx", "avx2", "fma", "avx512f", "avx512vl");
    private static final Set<String> AVX2 = Set.of("sse2", "avx", "avx2", "fma");

    @Test
    void theCoreNameIsTheWordBeforeTheThreading() {
        assertEquals(Optional.of("Prescott"), OpenBlasCore.coreName(PRESCOTT));
        assertEquals(Optional.of("SkylakeX"), OpenBlasCore.coreName("OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX SINGLE_THREADED"));
        assertEquals(Optional.of("Opteron_SSE3"), OpenBlasCore.coreName("OpenBLAS 0.3.26  USE64BITINT DYNAMIC_ARCH Opteron_SSE3"));
        assertEquals(Optional.of("HASWELL"), OpenBlasCore.coreName("OpenBLAS 0.3.20 NO_AFFINITY HASWELL MAX_THREADS=8")); // one-CPU build
        assertEquals(Optional.empty(), OpenBlasCore.coreName("OpenBLAS 0.3.21 DYNAMIC_ARCH MAX_THREADS=64"));
        assertEquals(Optional.empty(), OpenBlasCore.coreName("unknown version"));
        assertEquals(Optional.empty(), OpenBlasCore.coreName("not installed (rows against OpenBLAS skipped)"));
        assertEquals(Optional.empty(), OpenBlasCore.coreName(""));
        assertTrue(OpenBlasCore.runs(PRESCOTT, "prescott"));
        assertFalse(OpenBlasCore.runs(PRESCOTT, "Haswell"));
    }

    @Test
    void candidatesAreTheEnvironmentsOpenBlassOwnAndWhatTheVectorUnitsAllow() {
        assertEquals(List.of("Haswell", "unset", "SkylakeX"), labels(OpenBlasCore.candidates(AVX512, Optional.of("Haswell"))));
        assertEquals(List.of("unset", "SkylakeX", "Haswell"), labels(OpenBlasCore.candidates(AVX512, Optional.empty())));
        assertEquals(List.of("unset", "SkylakeX", "Haswell"), labels(OpenBlasCore.candidates(AVX512, Optional.of(" "))));
        assertEquals(List.of("skylakex", "unset", "Haswell"), labels(OpenBlasCore.candidates(AVX512, Optional.of("skylakex"))));
        assertEquals(List.of("Zen", "unset", "Haswell"), labels(OpenBlasCore.candidates(AVX2, Optional.of("Zen"))));
        assertEquals(List.of("unset"), labels(OpenBlasCore.candidates(Set.of("sse2", "avx"), Optional.empty())));
        assertEquals(List.of("unset"), labels(OpenBlasCore.candidates(Set.of("avx2"), Optional.empty()))); // AVX2 kernels need FMA
        assertEquals(List.of("unset"), labels(OpenBlasCore.candidates(Set.of(), Optional.empty()))); // no /proc/cpuinfo
        assertTrue(OpenBlasCore.candidates(AVX512, Optional.of("Haswell")).getFirst().reason().contains("environment"));
    }

    private static List<String> labels(List<CoreCandidate> candidates) {
        return candidates.stream().map(CoreCandidate::label).toList();
    }

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
}
