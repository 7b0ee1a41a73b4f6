package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import io.simdnn.kernels.elementwise.Activations;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link StreamingKernelBenchmark}'s traffic table against the benchmarks that depend on it: every
 * kernel method has its traffic, {@link CopyBenchmark} runs every copy size and
 * {@link StreamingInterleavedBenchmark} every kernel (JMH parameters are constants, so they are
 * checked here), each kernel runs by name, and every kernel class of the kernels module is
 * measured by some benchmark.
 */
class StreamingKernelBenchmarkTest {
    @Test
    void everyKernelOfTheTrafficTableRunsByName() {
        StreamingKernelBenchmark kernels = new StreamingKernelBenchmark();
        kernels.threads = 1;
        kernels.setUp();
        try {
            Blackhole sink = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            for (KernelTraffic traffic : StreamingKernelBenchmark.TRAFFIC) {
                kernels.call(traffic.benchmark(), sink);
            }
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> kernels.call("copy", sink));
            assertTrue(unknown.getMessage().contains("'copy'"), unknown.getMessage());
        } finally {
            kernels.tearDown();
        }
    }

    @Test
    void everyStreamingKernelBenchmarkHasItsTrafficAndCopy() throws NoSuchFieldException {
        assertEquals(benchmarkMethods(StreamingKernelBenchmark.class),
                StreamingKernelBenchmark.TRAFFIC.stream().map(KernelTraffic::benchmark).sorted().toList());
        List<Long> annotated = Arrays.stream(CopyBenchmark.class.getField("floats").getAnnotation(Param.class).value())
                .map(Long::parseLong).toList();
        assertEquals(StreamingKernelBenchmark.copySizes(), annotated);
        List<String> interleaved = List.of(StreamingInterleavedBenchmark.class.getField("kernel").getAnnotation(Param.class).value());
        assertEquals(StreamingKernelBenchmark.TRAFFIC.stream().map(KernelTraffic::benchmark).toList(), interleaved);
    }

    /** Each public kernel class of the kernels module is measured: a new kernel class without a benchmark fails here. */
    @Test
    void everyKernelClassHasABenchmark() throws IOException, URISyntaxException {
        Set<String> measured = new TreeSet<>(StreamingKernelBenchmark.TRAFFIC.stream().map(KernelTraffic::kernelClass).toList());
        measured.add("Gemm");   // GemmBenchmark
        measured.add("Conv2d"); // ConvBenchmark
        assertEquals(kernelClasses(), measured);
    }

    /**
     * Public classes of the kernel API packages (io.simdnn.kernels.gemm, .conv, ...) with a public
     * static method over segments; the root package (buffers, shapes, threads), the references and
     * the internal packages hold no kernels of their own.
     */
    private static Set<String> kernelClasses() throws IOException, URISyntaxException {
        Path location = Path.of(Activations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
            Path root = (jar == null ? location : jar.getPath("/")).resolve("io/simdnn/kernels");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                    boolean api = !pkg.isEmpty() && !pkg.startsWith("internal") && !pkg.equals("reference");
                    if (api && name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class")) {
                        names.add(pkg + "." + name.substring(0, name.length() - ".class".length()));
                    }
                }
            }
        }
        Set<String> kernels = new TreeSet<>();
        for (String name : names) {
            try {
                Class<?> type = Class.forName("io.simdnn.kernels." + name);
                String simpleName = type.getSimpleName();
                boolean kernel = Modifier.isPublic(type.getModifiers()) && Arrays.stream(type.getMethods())
                        .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == type)
                        .anyMatch(StreamingKernelBenchmarkTest::takesSegment);
                if (kernel) {
                    kernels.add(simpleName);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        assertTrue(kernels.size() >= 8, kernels.toString());
        return kernels;
    }

    private static boolean takesSegment(Method method) {
        return Arrays.asList(method.getParameterTypes()).contains(MemorySegment.class);
    }

    /** The {@code @Benchmark} methods of a class, by name. */
    private static List<String> benchmarkMethods(Class<?> benchmark) {
        return Arrays.stream(benchmark.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class)).map(Method::getName).sorted().toList();
    }
}
