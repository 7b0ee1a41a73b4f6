package io.simdnn.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import io.simdnn.bench.benchmarks.OpenBlasProbe;
import org.junit.jupiter.api.Test;

class JavaCommandTest {
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
