package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.simdnn.app.report.Charts;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report generator on a recorded run: {@code recorded-run/} holds the JMH JSON of a real
 * {@code ./simdnn bench --quick --forks 2 --shapes 256x256x256,784x512x128:TN} run on the 2-core
 * EPYC (trimmed to 22 configurations: secondary metrics other than B/op and percentiles removed)
 * and its machine file. Expected numbers were worked out by hand from the file's rawData.
 */
class RecordedRunReportTest {
    @TempDir
    Path directory;

    private Path recordedRun() throws IOException {
        for (String name : List.of(ReportWriter.RESULTS_FILE, "machine.properties")) {
            try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/recorded-run/" + name), name)) {
                Files.copy(in, directory.resolve(name));
            }
        }
        return directory;
    }

    private SuiteReport report() throws IOException {
        Path dir = recordedRun();
        return SuiteReport.of(JmhResults.read(dir.resolve(ReportWriter.RESULTS_FILE)), MachineInfo.read(dir));
    }

    @Test
    void parsesForkMediansAllocationAndSettings() throws IOException {
        JmhResults results = JmhResults.read(recordedRun().resolve(ReportWriter.RESULTS_FILE));
        assertEquals(22, results.runs().size());
        assertEquals(8, results.of("GemmBenchmark.sgemm").size());
        BenchmarkRun gemm = results.find("GemmBenchmark.sgemm",
                r -> r.param("shape").equals("256x256x256:NN") && r.threads() == 1 && r.param("impl").equals("simdnn")).orElseThrow();
        // each fork's median of its 3 iterations
        assertEquals(List.of(2750.908034926555, 2816.4046114722073), gemm.score().scores());
        assertEquals("ops/s", gemm.unit());
        assertEquals(630.2, gemm.bytesPerOp().orElseThrow().median(), 0.05);
        assertEquals(List.of("2 forks, 2 x 300 ms warm-up, 3 x 300 ms measurement"), results.settings());
        BenchmarkRun peak = results.find("PeakBenchmark.fma", r -> true).orElseThrow();
        assertEquals("ops/ns", peak.unit());
        assertEquals(peak.score().median() * 1e9, peak.operationsPerSecond(), 1);
    }

    @Test
    void ratiosToOpenBlasPeakCopyGemmAndOneThread() throws IOException {
        SuiteReport r = report();
        assertEquals(105.482, r.peakGflops().orElseThrow().median(), 1e-3); // vector FMAs/ns x 16 lanes x 2
        GemmReport.Row square = r.gemm().rows().stream()
                .filter(row -> row.shape().m() == 256 && row.threads() == 1).findFirst().orElseThrow();
        assertEquals(93.404, square.simdnn().median(), 1e-3);
        assertEquals(0.955958, square.ratioToOpenBlas().orElseThrow(), 1e-6);
        assertEquals(0.885496, square.fractionOfPeak(), 1e-6);

        RooflineRow relu = r.bandwidth().stream().filter(row -> row.kernel().equals("reluForward")).findFirst().orElseThrow();
        assertEquals(93.152, relu.achieved().median(), 1e-3); // 8 MiB per call
        assertEquals(52.683, relu.roof(), 1e-3);              // the 1M-float copy moves the same 8 MiB
        assertEquals(1.768178, relu.fraction().median(), 1e-6);
        assertEquals(3, r.bandwidth().size());
        assertEquals(4 + 2, r.compute().size()); // 4 GEMM rows of simdnn, 2 convolution rows

        KernelRoofline.ConvRow conv = r.convolution().stream().filter(row -> row.threads() == 2).findFirst().orElseThrow();
        assertEquals(0.481856, conv.ratioToGemm().orElseThrow(), 1e-6); // 3 x forward flops per forward+backward
        assertTrue(conv.interleaved().isEmpty()); // recorded before the interleaved benchmark: the separate ratio stands

        SuiteReport.TrainingRow mlp2 = r.training().stream()
                .filter(row -> row.model().equals("mlp") && row.threads() == 2).findFirst().orElseThrow();
        assertEquals(10.374555, mlp2.speedUpOverOneThread().orElseThrow(), 1e-6);
        assertEquals(128, mlp2.batch());
        assertTrue(r.training().stream().filter(row -> row.threads() == 1).allMatch(row -> row.speedUpOverOneThread().isEmpty()));
    }

    @Test
    void allocationVerdictSubtractsJmhsOwnRate() throws IOException {
        SuiteReport r = report();
        assertEquals(22, r.allocations().size());
        // the median of copy and peak B/op x ops/s: 23.1, 23.6, 28.0, 32.7 KB/s
        assertEquals(25795, r.allocations().getFirst().harnessBytesPerSecond(), 1);
        List<String> allocating = r.allocating().stream().map(a -> a.benchmark() + " " + a.params()).toList();
        assertTrue(allocating.contains("TrainingStepBenchmark.step model=mlp threads=1"), allocating.toString());
        assertTrue(allocating.contains("GemmBenchmark.sgemm impl=simdnn shape=256x256x256:NN threads=1"), allocating.toString());
        assertTrue(allocating.contains("ConvBenchmark.equivalentGemm layer=64x16x14x14-32 threads=1"), allocating.toString());
        // OpenBLAS allocates nothing on the Java heap; neither do the copies and ReLU
        assertFalse(allocating.stream().anyMatch(a -> a.contains("openblas") && a.contains("threads=1")
                || a.contains("Copy") || a.contains("reluForward")), allocating.toString());
    }

    @Test
    void markdownStatesEveryComparisonSpreadAndMachine() throws IOException {
        String md = MarkdownReport.report(report());
        for (String expected : List.of(
                "- CPU: AMD EPYC (family 25, model 17), 2 logical CPUs (2 cores x 1 threads per core)",
                "- OpenBLAS: OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64",
                "- vectors: SIMD on: 512-bit vectors, 16 floats per vector",
                "- JMH: 2 forks, 2 x 300 ms warm-up, 3 x 300 ms measurement; GC profiler on",
                "| 256x256x256 | NN | 1 | 93.4 (92.3-94.5) | 97.7 (93.3-102.1) | 0.96x | 89% |",
                "| reluForward | 93.2 (92.4-93.9) | copy of 8.4 MB | 52.7 | 1.77 (1.75-1.78) |",
                "| 64x16x14x14-32 | 2 |",
                "| mlp | 128 | 2 |",
                "10.37x",
                "| TrainingStepBenchmark.step | model=mlp threads=1 |",
                "![GEMM GFLOP/s](gemm-gflops.png)", "![fraction of roofline](roofline.png)", "![training samples/s](training.png)")) {
            assertTrue(md.contains(expected), () -> "missing '" + expected + "' in\n" + md);
        }
        assertFalse(md.contains("NaN"), md);
    }

    @Test
    void readmeTableIsMarkedAndHasTheHeadlineRows() throws IOException {
        String table = MarkdownReport.readmeTable(report());
        assertTrue(table.startsWith("<!-- generated by ./simdnn bench"), table);
        assertTrue(table.contains("| benchmark | simdnn | compared with (same run) | ratio | spread across forks |"), table);
        assertTrue(table.contains("| GEMM, geometric mean of 2 shapes, 1 thread |  | OpenBLAS |"), table);
        assertTrue(table.contains("| bandwidth-bound kernels (3), geometric mean |  | copy of the same bytes |"), table);
        assertTrue(table.contains("| MLP training step, batch 128, 1 thread | 2468 samples/s |"), table);
        assertTrue(table.contains("| FMA peak (reference) | 105.5 GFLOP/s per core |"), table);
    }

    @Test
    void withoutOpenBlasTheReportSaysSoAndSkipsOnlyThoseColumns() throws IOException {
        Path dir = recordedRun();
        JsonArray all = JsonParser.parseString(Files.readString(dir.resolve(ReportWriter.RESULTS_FILE))).getAsJsonArray();
        JsonArray withoutBlas = new JsonArray();
        for (JsonElement e : all) {
            JsonElement impl = e.getAsJsonObject().has("params") ? e.getAsJsonObject().getAsJsonObject("params").get("impl") : null;
            if (impl == null || !impl.getAsString().equals("openblas")) {
                withoutBlas.add(e);
            }
        }
        MachineInfo machine = MachineInfo.read(dir);
        MachineInfo noBlas = new MachineInfo(machine.cpu(), machine.cores(), machine.jdk(), machine.vectors(), machine.peakLanes(),
                "not installed (rows against OpenBLAS skipped)", machine.source());
        SuiteReport r = SuiteReport.of(JmhResults.parse(withoutBlas.toString()), noBlas);
        assertTrue(r.gemm().withoutOpenBlas());
        assertEquals(4, r.gemm().rows().size());
        String md = MarkdownReport.report(r);
        assertTrue(md.contains("OpenBLAS was not measured (not installed"), md);
        assertTrue(md.contains("| 256x256x256 | NN | 1 | 93.4 (92.3-94.5) | n/a | n/a | 89% |"), md);
        assertTrue(ReportCharts.gemm(r).notes().getFirst().startsWith("OpenBLAS not measured"));
    }

    @Test
    void writesReportTableAndValidPngCharts() throws IOException {
        List<Path> written = ReportWriter.write(recordedRun());
        assertEquals(List.of(ReportWriter.REPORT_FILE, ReportWriter.README_TABLE_FILE, MarkdownReport.GEMM_CHART,
                MarkdownReport.ROOFLINE_CHART, MarkdownReport.TRAINING_CHART), written.stream().map(p -> p.getFileName().toString()).toList());
        for (String chart : List.of(MarkdownReport.GEMM_CHART, MarkdownReport.ROOFLINE_CHART, MarkdownReport.TRAINING_CHART)) {
            byte[] bytes = Files.readAllBytes(directory.resolve(chart));
            assertTrue(Arrays.equals(Arrays.copyOf(bytes, 8), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}), chart);
            BufferedImage image = ImageIO.read(directory.resolve(chart).toFile());
            assertNotNull(image, chart);
            assertEquals(960, image.getWidth());
            assertTrue(countPixels(image, Charts.BLUE.getRGB()) > 500, chart + " has no bars drawn");
        }
        assertTrue(Files.readString(directory.resolve(ReportWriter.REPORT_FILE)).startsWith("# simdnn benchmark report"));
    }

    @Test
    void rejectsWhatIsNotJmhJson() {
        assertThrows(IllegalArgumentException.class, () -> JmhResults.parse("{}"));
        assertThrows(IllegalArgumentException.class, () -> JmhResults.parse("[{\"benchmark\": \"a.B.c\"}]"));
        assertThrows(IllegalArgumentException.class, () -> JmhResults.parse("[1, 2"));
    }

    private static int countPixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
                    count++;
                }
            }
        }
        return count;
    }
}
