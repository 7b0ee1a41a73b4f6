package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} the kernels must still work (through the
 * references) and say once which flag to add. Needs a JVM of its own: the module set is fixed at
 * start-up.
 */
class FallbackTest {
    /** Run in the child JVM: a small GEMM whose exact result is known. */
    public static final class Child {
        public static void main(String[] args) {
            float[] a = {1, 2, 3, 4, 5, 6};          // 2 x 3
            float[] b = {1, 0, 0, 1, 1, 1};          // 3 x 2
            float[] c = new float[4];
            Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
            System.out.println("result " + c[0] + " " + c[1] + " " + c[2] + " " + c[3]);
            System.out.println("enabled " + VectorSupport.isEnabled());
        }
    }

    @Test
    void worksWithoutTheIncubatorModuleAndSaysWhichFlagToAdd() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("result 4.0 5.0 10.0 11.0"), output);
        assertTrue(output.contains("enabled false"), output);
        int mentions = output.split("--add-modules jdk.incubator.vector", -1).length - 1;
        assertEquals(1, mentions, "the flag should be named exactly once:\n" + output);
    }
}
