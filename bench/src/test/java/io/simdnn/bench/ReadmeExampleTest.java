package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example compiles against the kernels as they are and prints the product
 * its comment promises: the example cannot silently rot when a package or signature changes.
 */
class ReadmeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theEmbeddingExampleCompilesRunsAndPrintsTheProduct() throws Exception {
        String example = firstJavaBlock(Files.readString(DocumentationLinksTest.repositoryRoot().resolve("README.md")));
        List<String> lines = example.lines().toList();
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n        "));
        Path source = dir.resolve("ReadmeExample.java");
        Files.writeString(source, imports + "\n\npublic class ReadmeExample {\n    public static void main(String[] args) {\n        "
                + body + "\n    }\n}\n");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, null, diagnostics, "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, status, "the README example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        String printed = runMain(dir).strip();
        // every float of A and B has the bytes 0x3f3f3f3f; C[0][0] sums k = 512 such products
        float value = Float.intBitsToFloat(0x3f3f3f3f);
        assertEquals(512.0 * value * value, Double.parseDouble(printed), 1e-3, "C[0][0] printed by the example");
    }

    private static String firstJavaBlock(String markdown) {
        Matcher m = JAVA_BLOCK.matcher(markdown);
        assertTrue(m.find(), "README.md has a ```java block");
        return m.group(1);
    }

    private static String runMain(Path classes) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass("ReadmeExample").getMethod("main", String[].class);
            assertNotNull(main);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
