package io.simdnn.bench.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The OpenBLAS core types probed before a GEMM run and the one it uses: the fastest usable one, so
 * that simdnn is compared with the best OpenBLAS the machine allows, not with whatever kernel set
 * the environment happens to name. Travels as text from the bench JVM that probed to the one it
 * relaunches with the chosen {@code OPENBLAS_CORETYPE} ({@link #ENVIRONMENT_VARIABLE}), and into
 * {@code machine.properties}, so a re-rendered report still names it.
 *
 * @param probes every candidate's result, in the order tried; empty when no probe ran
 */
public record OpenBlasSelection(List<CoreProbe> probes) {
    /** No probe ran: OpenBLAS absent, no GEMM group, or a run recorded before probing existed. */
    public static final OpenBlasSelection NONE = new OpenBlasSelection(List.of());

    /** Carries the selection to the relaunched bench JVM (and, harmlessly, its JMH forks). */
    public static final String ENVIRONMENT_VARIABLE = "SIMDNN_BENCH_OPENBLAS_SELECTION";

    public OpenBlasSelection {
        probes = List.copyOf(probes);
    }

    /** The selection a parent bench JVM passed down ({@link #ENVIRONMENT_VARIABLE}); empty in a JVM started otherwise. */
    public static Optional<OpenBlasSelection> inherited() {
        return Optional.ofNullable(System.getenv(ENVIRONMENT_VARIABLE)).map(OpenBlasSelection::decode);
    }

    /** The fastest usable probe; the first in order of trial among equals. Empty when none is usable. */
    public Optional<CoreProbe> chosen() {
        CoreProbe best = null;
        for (CoreProbe probe : probes) {
            if (probe.usable() && (best == null || probe.gflops() > best.gflops())) {
                best = probe;
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean isEmpty() {
        return probes.isEmpty();
    }

    /**
     * One sentence for the report and the console, e.g. "SkylakeX, the fastest correct of 2 core
     * types probed (cblas_sgemm 1024x1024x1024, 1 thread): SkylakeX 95.1, Haswell 60.2 GFLOP/s".
     */
    public String summary() {
        String speeds = probes.stream().map(p -> p.name() + (p.usable()
                        ? String.format(Locale.ROOT, " %.1f", p.gflops()) : " rejected (" + p.problem().orElse("not timed") + ")"))
                .collect(Collectors.joining(", "));
        String what = probes.size() + " core type" + (probes.size() == 1 ? "" : "s") + " probed (cblas_sgemm "
                + OpenBlasProbe.describeTiming() + ", 1 thread): " + speeds + " GFLOP/s";
        return chosen().map(best -> best.name() + ", the fastest correct of " + what)
                .orElse("none usable of " + what + "; OpenBLAS rows skipped");
    }

    /** A Markdown table of the candidates: why each was tried, its check and its speed. */
    public String markdownTable() {
        StringBuilder out = new StringBuilder("| OPENBLAS_CORETYPE | why tried | ran | check (" + OpenBlasProbe.describeCheck()
                + ") | GFLOP/s, " + OpenBlasProbe.describeTiming() + ", 1 thread | used |\n|---|---|---|---|---:|---|\n");
        Optional<CoreProbe> chosen = chosen();
        for (CoreProbe p : probes) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", p.candidate().label(), p.candidate().reason(),
                    p.config().isEmpty() ? "-" : p.ranCore(), p.problem().orElse("correct"),
                    Double.isFinite(p.gflops()) ? String.format(Locale.ROOT, "%.1f", p.gflops()) : "-",
                    chosen.filter(c -> c == p).isPresent() ? "**yes**" : ""));
        }
        return out.toString();
    }

    /**
     * What is wrong when a process whose OpenBLAS reports {@code config} did not run the chosen
     * core, e.g. "OpenBLAS ran Haswell kernels, not the SkylakeX chosen by the probe"; empty when
     * it did, or nothing was chosen.
     */
    public Optional<String> mismatch(String config) {
        return chosen().filter(best -> !OpenBlasCore.runs(config, best.ranCore())).map(best -> "OpenBLAS ran "
                + OpenBlasCore.coreName(config).orElse("unknown") + " kernels, not the " + best.ranCore() + " chosen by the probe");
    }

    /** One line per probe, tab-separated fields; {@link #decode} reads it back. */
    public String encode() {
        return probes.stream().map(p -> String.join("\t", p.candidate().coreType().orElse(""), p.candidate().reason(), p.config(),
                p.problem().orElse(""), Double.toString(p.gflops()))).collect(Collectors.joining("\n"));
    }

    /**
     * Reads {@link #encode()}'s text; blank text is {@link #NONE}.
     *
     * @throws IllegalArgumentException on a malformed line
     */
    public static OpenBlasSelection decode(String text) {
        List<CoreProbe> probes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("not an OpenBLAS core probe: '" + line + "'");
            }
            probes.add(new CoreProbe(new CoreCandidate(f[0].isEmpty() ? Optional.empty() : Optional.of(f[0]), f[1]), f[2],
                    f[3].isEmpty() ? Optional.empty() : Optional.of(f[3]), Double.parseDouble(f[4])));
        }
        return new OpenBlasSelection(probes);
    }
}
