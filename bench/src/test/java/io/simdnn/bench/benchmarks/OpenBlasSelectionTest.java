package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class OpenBlasSelectionTest {
    private static final String CONFIG = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY %s MAX_THREADS=64";

    public static CoreProbe probe(String asked, String ran, double error, double gflops) {
        CoreCandidate candidate = new CoreCandidate(Optional.ofNullable(asked), "why");
        String config = CONFIG.formatted(ran);
        return new CoreProbe(candidate, config, CoreProbe.problem(candidate.coreType(), config, error), gflops);
    }

    @Test
    void aCandidateIsUsableWhenItRanTheCoreAskedForAndItsProductsAreWithinTheBound() {
        assertEquals(Optional.empty(), CoreProbe.problem(Optional.of("SkylakeX"), CONFIG.formatted("SkylakeX"), 0.06));
        assertEquals(Optional.empty(), CoreProbe.problem(Optional.of("skylakex"), CONFIG.formatted("SkylakeX"), 1.0));
        assertEquals(Optional.empty(), CoreProbe.problem(Optional.empty(), CONFIG.formatted("Cooperlake"), 0.5)); // any core when unset
        assertEquals(Optional.of("asked for SkylakeX, OpenBLAS ran Haswell"),
                CoreProbe.problem(Optional.of("SkylakeX"), CONFIG.formatted("Haswell"), 0.06)); // no AVX512VL: quiet fallback
        assertTrue(CoreProbe.problem(Optional.of("Haswell"), CONFIG.formatted("Haswell"), 1.5).orElseThrow().startsWith("wrong products"));
        assertTrue(CoreProbe.problem(Optional.of("Haswell"), CONFIG.formatted("Haswell"), Double.NaN).isPresent());
        assertTrue(CoreProbe.problem(Optional.empty(), "unknown version", 0).orElseThrow().startsWith("no core type"));
    }

    @Test
    void theFastestUsableCandidateIsChosen() {
        CoreProbe haswell = probe("Haswell", "Haswell", 0.06, 99.8);
        CoreProbe own = probe(null, "Cooperlake", 0.06, 177.9);
        CoreProbe skylake = probe("SkylakeX", "SkylakeX", 0.06, 188.9);
        CoreProbe wrong = probe("Zen", "Zen", 3, 500); // fast and wrong
        CoreProbe crashed = CoreProbe.failed(new CoreCandidate(Optional.of("X"), "why"), "probe JVM exited with status 134");
        OpenBlasSelection selection = new OpenBlasSelection(List.of(haswell, own, wrong, crashed, skylake));
        assertEquals(Optional.of(skylake), selection.chosen());
        assertEquals(Optional.of(haswell), new OpenBlasSelection(List.of(haswell, wrong, crashed)).chosen());
        assertEquals(Optional.of(haswell), new OpenBlasSelection(List.of(haswell, probe("SkylakeX", "SkylakeX", 0.06, 99.8))).chosen());
        assertEquals(Optional.empty(), new OpenBlasSelection(List.of(wrong, crashed)).chosen());
        assertEquals(Optional.empty(), OpenBlasSelection.NONE.chosen());
        assertFalse(crashed.usable());
        assertFalse(probe("Haswell", "Haswell", 0.06, Double.NaN).usable()); // not timed
    }

    @Test
    void theSummaryNamesTheChoiceAndEveryCandidate() {
        OpenBlasSelection selection = new OpenBlasSelection(List.of(probe("Haswell", "Haswell", 0.06, 99.8),
                probe(null, "Cooperlake", 0.06, 177.9), probe("SkylakeX", "Haswell", 0.06, Double.NaN)));
        assertEquals("unset (Cooperlake), the fastest correct of 3 core types probed (cblas_sgemm 1024x1024x1024, 1 thread): "
                + "Haswell 99.8, unset (Cooperlake) 177.9, SkylakeX rejected (asked for SkylakeX, OpenBLAS ran Haswell) GFLOP/s",
                selection.summary());
        String table = selection.markdownTable();
        assertTrue(table.contains("| unset | why | Cooperlake | correct | 177.9 | **yes** |"), table);
        assertTrue(table.contains("| SkylakeX | why | Haswell | asked for SkylakeX, OpenBLAS ran Haswell | - |  |"), table);
        assertTrue(new OpenBlasSelection(List.of(probe("Zen", "Zen", 3, 1))).summary().endsWith("OpenBLAS rows skipped"));
    }

    @Test
    void theRunMustHaveRunTheChosenCore() {
        OpenBlasSelection selection = new OpenBlasSelection(List.of(probe(null, "Cooperlake", 0.06, 177.9)));
        assertEquals(Optional.empty(), selection.mismatch(CONFIG.formatted("Cooperlake")));
        assertEquals(Optional.of("OpenBLAS ran Haswell kernels, not the Cooperlake chosen by the probe"),
                selection.mismatch(CONFIG.formatted("Haswell")));
        assertEquals(Optional.empty(), OpenBlasSelection.NONE.mismatch(CONFIG.formatted("Haswell")));
    }

    @Test
    void roundTripsThroughText() {
        OpenBlasSelection selection = new OpenBlasSelection(List.of(probe("Haswell", "Haswell", 0.06, 99.8),
                probe(null, "Cooperlake", 0.06, 177.9),
                CoreProbe.failed(new CoreCandidate(Optional.of("SkylakeX"), "CPU has\tavx512f"), "exited\nwith 134")));
        assertEquals(selection, OpenBlasSelection.decode(selection.encode()));
        assertEquals(OpenBlasSelection.NONE, OpenBlasSelection.decode(""));
        assertThrows(IllegalArgumentException.class, () -> OpenBlasSelection.decode("SkylakeX\tonly two"));
    }
}
