package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import io.simdnn.kernels.elementwise.Activations;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class SuitePlanTest {
    private static final BenchOptions ALL = BenchOptions.parse(List.of());

    @Test
    void fullSuiteCountsEveryConfiguration() {
        SuitePlan plan = SuitePlan.of(ALL, true);
        // GEMM: 11 shapes x 2 threads x 2 implementations + the peak
        assertEquals(45, plan.configurations(BenchGroup.GEMM));
        // one JMH invocation per shape, so each shape's simdnn and OpenBLAS forks run close together
        assertEquals(11, plan.parts().stream().filter(p -> p.group() == BenchGroup.GEMM).count());
        assertEquals(5, plan.parts().get(0).configurations(), "the first shape's 4 and the peak");
        // kernels: 16 streaming kernels + 8 copy sizes + the 16 kernels interleaved with their copies
        assertEquals(40, plan.configurations(BenchGroup.KERNELS));
        // conv: 3 methods (the pair and the pair interleaved) x 2 layers x 2 threads; train: (step, kernels only) x 2 models x 2 threads
        assertEquals(12, plan.configurations(BenchGroup.CONV));
        assertEquals(8, plan.configurations(BenchGroup.TRAIN));
        assertEquals(105, plan.configurations());
    }

    @Test
    void withoutOpenBlasOnlySimdnnGemmRuns() {
        SuitePlan plan = SuitePlan.of(ALL, false);
        assertEquals(23, plan.configurations(BenchGroup.GEMM));
        assertEquals(83, plan.configurations());
    }

    @Test
    void peakRunsOnceWithTheFirstGroupThatNeedsIt() {
        SuitePlan conv = SuitePlan.of(BenchOptions.parse(List.of("conv", "train")), true);
        assertTrue(conv.parts().get(0).steps().stream().anyMatch(s -> s.benchmark() == PeakBenchmark.class));
        SuitePlan both = SuitePlan.of(ALL, true);
        long peaks = both.parts().stream().flatMap(p -> p.steps().stream()).filter(s -> s.benchmark() == PeakBenchmark.class).count();
        assertEquals(1, peaks);
    }

    @Test
    void estimatesFitTheTimeBudget() {
        Duration full = SuitePlan.of(ALL, true).estimate();
        Duration quick = SuitePlan.of(BenchOptions.parse(List.of("--quick")), true).estimate();
        // the estimate runs about 10-15% over the measured time (19:48 measured for an estimate of
        // 22:45 before the training warm-up went from 3 to 6 iterations; 24:18 measured before the
        // interleaved convolution added 4 configurations, about 1.5 minutes; 26:00 measured for 28:14
        // estimated before the 15 interleaved kernel-and-copy configurations; 28:30 measured for 32:04
        // estimated before softmax-CE in place added 2 configurations; GEMM's 5 warm-up iterations
        // add about 7 minutes)
        assertTrue(full.compareTo(Duration.ofMinutes(42)) <= 0 && full.compareTo(Duration.ofMinutes(15)) >= 0, full.toString());
        assertTrue(quick.compareTo(Duration.ofSeconds(380)) <= 0, quick.toString());
        // 40 configurations as set, the 45 GEMM ones (the peak runs with GEMM) and the 12
        // convolution ones with 5 warm-up iterations, the 8 training ones with 6 x 0.7 s
        assertEquals(RunSettings.QUICK.perConfiguration().multipliedBy(40)
                .plus(RunSettings.QUICK.withWarmup(SuitePlan.GEMM_WARMUP_ITERATIONS, 250).perConfiguration().multipliedBy(45))
                .plus(RunSettings.QUICK.withWarmup(SuitePlan.CONVOLUTION_WARMUP_ITERATIONS, 250).perConfiguration().multipliedBy(12))
                .plus(RunSettings.QUICK.withWarmup(SuitePlan.TRAINING_WARMUP_ITERATIONS, 700).perConfiguration().multipliedBy(8)), quick);
    }

    @Test
    void jmhOptionsCarryTheGroupsParametersSettingsAndGcProfiler() {
        SuitePlan plan = SuitePlan.of(BenchOptions.parse(List.of("gemm", "--quick", "--threads", "2", "--shapes", "256x256x256")), false);
        var options = plan.jmhOptions(plan.parts().get(0));
        assertEquals(List.of("256x256x256:NN"), List.copyOf(options.getParameter("shape").get()));
        assertEquals(List.of("2"), List.copyOf(options.getParameter("threads").get()));
        assertEquals(List.of("simdnn"), List.copyOf(options.getParameter("impl").get()));
        assertEquals(1, options.getForkCount().get());
        assertTrue(options.getProfilers().stream().anyMatch(p -> p.getKlass().contains("GCProfiler")));
        assertTrue(options.getIncludes().contains("io\\.simdnn\\.bench\\.PeakBenchmark\\.(fma)$"));
    }

    @Test
    void everyStreamingKernelBenchmarkHasItsTrafficAndCopy() throws NoSuchFieldException {
        assertEquals(SuitePlan.benchmarkMethods(StreamingKernelBenchmark.class),
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
                        .anyMatch(SuitePlanTest::takesSegment);
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
}
