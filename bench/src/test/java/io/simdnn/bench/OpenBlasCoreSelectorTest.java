package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
    void theBenchRunsAgainWithItsOwnJvmFlagsAndClassPath() {
        List<String> command = JavaCommand.again(List.of("gemm", "--quick"));
        assertEquals(JavaCommand.java(), command.getFirst());
        assertEquals(List.of("gemm", "--quick"), command.subList(command.size() - 2, command.size()));
        assertTrue(command.containsAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        assertTrue(command.contains(System.getProperty("java.class.path")));
        List<String> probe = JavaCommand.main(OpenBlasProbe.class, List.of("-Xmx1g"), List.of());
        assertTrue(probe.containsAll(JavaCommand.SIMDNN_FLAGS));
        assertEquals(OpenBlasProbe.class.getName(), probe.getLast());
        assertFalse(probe.contains("gemm"));
    }
}
