package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without the incubator module the library still works through the reference kernels, and says
 * so once (the fallback rule of docs/architecture.md). Runs {@link FallbackMain} in a child JVM
 * started with this JVM's java and class path but without {@code --add-modules
 * jdk.incubator.vector}.
 */
class VectorFallbackTest {

    @Test
    void worksWithoutTheIncubatorModuleAndWarnsOnce(@TempDir Path dir) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // nothing but the class path: no --add-modules, no JIT flags that would disable SIMD for another reason
        List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                FallbackMain.class.getName());
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String both = "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        assertTrue(finished, "child JVM did not finish\n" + both);
        assertEquals(0, process.exitValue(), both);
        assertTrue(stdout.contains("RESULT OK"), both);
        assertTrue(stdout.contains("ENABLED false"), both);
        // describe() names the flag, and the start-up warning names it exactly once across three calls
        String describe = stdout.lines().filter(l -> l.startsWith("DESCRIBE ")).findFirst().orElse("");
        assertTrue(describe.contains("SIMD off") && describe.contains(VectorSupport.REQUIRED_FLAG), both);
        assertEquals(1, occurrences(stderr, VectorSupport.REQUIRED_FLAG), "warning should name the flag once\n" + both);
        assertEquals(1, occurrences(stderr, "SIMD kernels disabled"), "warning should be logged once\n" + both);
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
