package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import io.simdnn.nn.data.MnistFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API examples, the README's second {@code ```java} block and the one of docs/api.md,
 * compile against the library as it is and run as a user would run them: in a JVM of their own
 * (with {@code --add-modules jdk.incubator.vector}), in an empty working directory, on the real
 * Fashion-MNIST. Each must train a model that beats chance by far, save it where it says, and print
 * what the reloaded model predicts. A renamed method or a broken save/load round trip fails here.
 */
class ApiExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy (\\d\\.\\d+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsFashionMnist() {
        assumeTrue(MnistFormat.isMnistDirectory(MnistFormat.FASHION_MNIST_DIR),
                "dataset-fashion-mnist is not installed (run .ci/install-deps as root)");
    }

    @Test
    void theReadmeExampleTrainsSavesLoadsAndPredicts() throws Exception {
        String example = javaBlock(DocumentationLinksTest.repositoryRoot().resolve("README.md"), 1);
        List<String> output = compileAndRun("ReadmeApiExample", example);
        assertTrue(Files.isRegularFile(dir.resolve("fashion-mlp.safetensors")), "the model file the example saves");
        assertTrue(output.stream().anyMatch(line -> line.matches("epoch 2: accuracy 0\\.\\d+")), String.join("\n", output));
        assertTrue(testAccuracy(output) > 0.7, "an MLP on 3000 samples for 2 epochs (chance: 0.1): " + output);
        String prediction = output.getLast();
        assertTrue(MnistFormat.FASHION_CLASSES.stream().anyMatch(name -> prediction.matches(Pattern.quote(name) + " (0\\.\\d+|1\\.0)")),
                "a class name and its probability: " + prediction);
    }

    @Test
    void theDocsExampleTrainsSavesLoadsAndPredicts() throws Exception {
        String example = javaBlock(DocumentationLinksTest.repositoryRoot().resolve("docs/api.md"), 0);
        List<String> output = compileAndRun("DocsApiExample", example);
        assertTrue(Files.isRegularFile(dir.resolve("fashion-cnn.safetensors")), "the model file the example saves");
        String all = String.join("\n", output);
        assertTrue(all.contains("epoch 1, batch 50/63: loss ") && all.contains("epoch 2: validation accuracy "), all);
        Matcher best = Pattern.compile("best epoch (\\d), test accuracy (0\\.\\d+)").matcher(all);
        assertTrue(best.find() && Double.parseDouble(best.group(2)) > 0.7, "a small CNN on 2000 samples for 2 epochs (chance: 0.1):\n" + all);
        assertEquals(10, output.stream().filter(line -> line.matches(" {2}\\S.* recall \\d\\.\\d\\d")).count(), all);
        List<String> predictions = output.stream().filter(line -> line.startsWith("test image ")).toList();
        assertEquals(5, predictions.size(), all);
        Pattern topThree = Pattern.compile("test image \\d \\((.+)\\):( .+ \\d\\.\\d{3}){3}");
        for (String line : predictions) {
            assertTrue(topThree.matcher(line).matches(), line);
        }
    }

    /** The {@code index}-th (0-based) {@code ```java} block of a Markdown page. */
    private static String javaBlock(Path page, int index) throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(page));
        for (int i = 0; i <= index; i++) {
            assertTrue(m.find(), page + " has " + i + " ```java blocks, not " + (index + 1));
        }
        return m.group(1);
    }

    private static double testAccuracy(List<String> output) {
        for (String line : output) {
            Matcher m = TEST_ACCURACY.matcher(line);
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new AssertionError("no test accuracy printed:\n" + String.join("\n", output));
    }

    /**
     * Compiles the example (its imports, then the rest as the body of {@code main}) and runs it in
     * a new JVM whose working directory is {@link #dir}; returns the lines it printed.
     */
    private List<String> compileAndRun(String className, String example) throws Exception {
        List<String> lines = example.lines().toList();
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n        "));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = classes.resolve(className + ".java");
        Files.writeString(source, imports + "\n\npublic class " + className
                + " {\n    public static void main(String[] args) throws Exception {\n        " + body + "\n    }\n}\n");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("java.class.path");
        int status = javac.run(null, null, diagnostics, "-d", classes.toString(), "-cp", classPath, source.toString());
        assertEquals(0, status, "the example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", classes + File.pathSeparator + classPath, className));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] printed = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the example did not finish");
        String output = new String(printed, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "the example failed:\n" + output);
        // the JDK's notice about incubator modules is not the example's output
        return output.lines().filter(line -> !line.startsWith("WARNING: Using incubator modules")).toList();
    }
}
