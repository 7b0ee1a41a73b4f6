package io.simdnn.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import io.simdnn.bench.benchmarks.CoreCandidate;
import io.simdnn.bench.benchmarks.CoreProbe;
import io.simdnn.bench.benchmarks.OpenBlas;
import io.simdnn.bench.benchmarks.OpenBlasSelection;
import org.junit.jupiter.api.Test;

/** The child-JVM plumbing, on a core type that is rejected before any timing (about a second). */
class OpenBlasCoreSelectorTest {
    @Test
    void aCoreTypeOpenBlasDoesNotKnowIsRejectedWithWhatItRanInstead() {
        assumeTrue(OpenBlas.load().isPresent(), () -> "skipped: " + OpenBlas.ABSENT_MESSAGE);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        OpenBlasSelection selection = OpenBlasCoreSelector.probe(List.of(new CoreCandidate(Optional.of("NoSuchCore"), "test")),
                new PrintStream(console, true, StandardCharsets.UTF_8));
        CoreProbe probe = selection.probes().getFirst();
        assertTrue(probe.config().startsWith("OpenBLAS"), probe.toString());
        assertTrue(probe.problem().orElseThrow().startsWith("asked for NoSuchCore, OpenBLAS ran "), probe.toString());
        assertTrue(Double.isNaN(probe.gflops()), "rejected candidates are not timed");
        assertEquals(Optional.empty(), selection.chosen());
        assertTrue(console.toString(StandardCharsets.UTF_8).startsWith("simdnn bench: OpenBLAS core type NoSuchCore (test): rejected: "));
    }

    @Test
    void theProbeOutputIsJudgedAgain() {
        CoreCandidate skylake = new CoreCandidate(Optional.of("SkylakeX"), "CPU has avx512f");
        CoreProbe ok = OpenBlasCoreSelector.judge(skylake,
                "#comment\nconfig=OpenBLAS 0.3.21 DYNAMIC_ARCH SkylakeX MAX_THREADS\\=64\nerror=0.059\ngflops=188.9\n");
        assertTrue(ok.usable(), ok.toString());
        assertEquals(188.9, ok.gflops());
        CoreProbe fellBack = OpenBlasCoreSelector.judge(skylake, "config=OpenBLAS 0.3.21 DYNAMIC_ARCH Haswell MAX_THREADS\\=64\nerror=0.059\n");
        assertEquals(Optional.of("asked for SkylakeX, OpenBLAS ran Haswell"), fellBack.problem());
        assertEquals(Optional.of("probe printed no result"), OpenBlasCoreSelector.judge(skylake, "# A fatal error\n").problem());
        assertEquals(Optional.of("not timed"),
                OpenBlasCoreSelector.judge(skylake, "config=OpenBLAS 0.3.21 SkylakeX\nerror=0.1\n").problem());
    }
}
