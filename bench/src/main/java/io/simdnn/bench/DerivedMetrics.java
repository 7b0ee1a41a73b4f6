package io.simdnn.bench;

import io.simdnn.kernels.ConvShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns raw JMH throughputs (calls per second) of the non-GEMM benchmarks into the figures the
 * issues ask for, each against its comparison from the same run: bandwidth kernels as GB/s and
 * as a fraction of a plain copy of the same byte count; convolution as effective GFLOP/s and as a
 * fraction of its equivalent GEMM; training steps as samples/s.
 */
public final class DerivedMetrics {
    /** A measured configuration: benchmark method name (simple), its parameters, its fork scores (ops/s). */
    public record Measured(String benchmark, Map<String, String> params, ForkScores callsPerSecond) {
        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    private DerivedMetrics() {}

    /** Bytes each streaming benchmark moves per call, and the copy benchmark that moves the same. */
    static final Map<String, double[]> STREAMING_BYTES = Map.of(
            "reluForward", new double[] {2.0 * 4 * StreamingKernelBenchmark.N},
            "softmaxCrossEntropy", new double[] {2.0 * 4 * StreamingKernelBenchmark.ROWS * StreamingKernelBenchmark.CLASSES},
            "momentumSgd", new double[] {5.0 * 4 * StreamingKernelBenchmark.N},
            "maxPool2x2", new double[] {4.0 * (1 << 20) + 2 * 4.0 * (1 << 18)},
            "copy1M", new double[] {2.0 * 4 * StreamingKernelBenchmark.N},
            "copy4M", new double[] {2.0 * 4 * StreamingKernelBenchmark.ROWS * StreamingKernelBenchmark.CLASSES},
            "copy5M", new double[] {2.0 * 4 * 5 * StreamingKernelBenchmark.N});

    /** The copy benchmark a kernel is compared with. */
    static final Map<String, String> COPY_FOR = Map.of(
            "reluForward", "copy1M", "softmaxCrossEntropy", "copy4M", "momentumSgd", "copy5M", "maxPool2x2", "copy1M");

    /** Markdown tables for whatever non-GEMM results are present. */
    public static String markdown(List<Measured> results) {
        StringBuilder out = new StringBuilder();
        List<Measured> streaming = results.stream().filter(r -> STREAMING_BYTES.containsKey(r.benchmark())).toList();
        if (!streaming.isEmpty()) {
            out.append("\n## Bandwidth-bound kernels (1 thread) vs MemorySegment.copy of the same bytes\n\n");
            out.append("| kernel | GB/s (min-max) | copy GB/s | fraction of copy |\n|---|---:|---:|---:|\n");
            for (Measured m : streaming) {
                String copy = COPY_FOR.get(m.benchmark());
                if (copy == null) {
                    continue;
                }
                double gb = STREAMING_BYTES.get(m.benchmark())[0] / 1e9;
                ForkScores rate = m.callsPerSecond().scaled(gb);
                double copyRate = streaming.stream().filter(r -> r.benchmark().equals(copy)).findFirst()
                        .map(r -> r.callsPerSecond().median() * STREAMING_BYTES.get(copy)[0] / 1e9).orElse(Double.NaN);
                out.append(String.format(Locale.ROOT, "| %s | %.1f (%.1f-%.1f) | %.1f | %.2f |%n", m.benchmark(),
                        rate.median(), rate.min(), rate.max(), copyRate, rate.median() / copyRate));
            }
        }
        List<Measured> conv = results.stream().filter(r -> r.benchmark().equals("forwardBackward")).toList();
        if (!conv.isEmpty()) {
            out.append("\n## Convolution forward + backward vs the equivalent GEMM (batch 64, 5x5, pad 2)\n\n");
            out.append("| layer | threads | conv effective GFLOP/s (min-max) | GEMM GFLOP/s | ratio |\n|---|---:|---:|---:|---:|\n");
            for (Measured m : conv) {
                ConvShape shape = ConvBenchmark.parse(m.param("layer"));
                ForkScores effective = m.callsPerSecond().scaled(3 * shape.forwardFlops() / 1e9);
                double gemm = results.stream().filter(r -> r.benchmark().equals("equivalentGemm")
                                && r.params().equals(m.params()))
                        .findFirst().map(r -> r.callsPerSecond().median() * shape.forwardFlops() / 1e9).orElse(Double.NaN);
                out.append(String.format(Locale.ROOT, "| %s | %s | %.1f (%.1f-%.1f) | %.1f | %.2f |%n", m.param("layer"), m.param("threads"),
                        effective.median(), effective.min(), effective.max(), gemm, effective.median() / gemm));
            }
        }
        List<Measured> steps = results.stream().filter(r -> r.benchmark().equals("step")).toList();
        if (!steps.isEmpty()) {
            out.append("\n## Training step (forward, loss, backward, momentum update)\n\n");
            out.append("| model | batch | threads | samples/s (min-max) |\n|---|---:|---:|---:|\n");
            for (Measured m : steps) {
                int batch = m.param("model").equals("cnn") ? 64 : 128;
                ForkScores samples = m.callsPerSecond().scaled(batch);
                out.append(String.format(Locale.ROOT, "| %s | %d | %s | %.0f (%.0f-%.0f) |%n", m.param("model"), batch, m.param("threads"),
                        samples.median(), samples.min(), samples.max()));
            }
        }
        return out.toString();
    }

    /** Helper for tests and callers assembling results by hand. */
    public static List<Measured> list(Measured... measured) {
        return new ArrayList<>(List.of(measured));
    }
}
