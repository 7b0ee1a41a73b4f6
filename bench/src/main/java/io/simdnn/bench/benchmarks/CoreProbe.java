package io.simdnn.bench.benchmarks;

import java.util.Locale;
import java.util.Optional;

/**
 * What a child JVM found for one {@link CoreCandidate}: the config OpenBLAS reported, why the
 * candidate is unusable (if it is) and its single-thread speed. Unusable: OpenBLAS ran another
 * core than the one asked for (it falls back quietly: from SkylakeX to Haswell without AVX512VL,
 * to its own choice for a name it does not know), or a product outside the error bound, or
 * a child that crashed (a kernel set the CPU cannot run dies of SIGILL) or never answered.
 *
 * @param candidate what was tried
 * @param config    {@code openblas_get_config()} in the child, or "" when it gave no answer
 * @param problem   why the candidate is unusable; empty when it is correct
 * @param gflops    {@link OpenBlasProbe#TIMED} GFLOP/s, 1 thread; NaN when not timed
 */
public record CoreProbe(CoreCandidate candidate, String config, Optional<String> problem, double gflops) {
    public CoreProbe {
        config = oneLine(config);
        problem = problem.map(CoreProbe::oneLine);
    }

    /** A candidate whose child JVM gave no result. */
    public static CoreProbe failed(CoreCandidate candidate, String reason) {
        return new CoreProbe(candidate, "", Optional.of(reason), Double.NaN);
    }

    /**
     * Why a child that asked for {@code asked} (empty: OpenBLAS's own choice) and got
     * {@code config} and a largest error of {@code errorOverBound} times the bound is unusable;
     * empty when it is usable. The child times only usable candidates, and the parent judges again.
     */
    public static Optional<String> problem(Optional<String> asked, String config, double errorOverBound) {
        Optional<String> ran = OpenBlasCore.coreName(config);
        if (ran.isEmpty()) {
            return Optional.of("no core type in openblas_get_config() '" + config + "'");
        }
        if (asked.isPresent() && !asked.get().equalsIgnoreCase(ran.get())) {
            return Optional.of("asked for " + asked.get() + ", OpenBLAS ran " + ran.get());
        }
        if (!(errorOverBound <= 1)) { // NaN too
            return Optional.of(String.format(Locale.ROOT, "wrong products: error %.3g times the bound", errorOverBound));
        }
        return Optional.empty();
    }

    /** Whether the candidate ran the kernels asked for, computed correctly and was timed. */
    public boolean usable() {
        return problem.isEmpty() && Double.isFinite(gflops) && gflops > 0;
    }

    /** The core the child ran, e.g. "SkylakeX" for the unset candidate on a known CPU; the label when unknown. */
    public String ranCore() {
        return OpenBlasCore.coreName(config).orElse(candidate.label());
    }

    /** "SkylakeX", or "unset (Cooperlake)" for OpenBLAS's own choice. */
    public String name() {
        return candidate.label() + (candidate.coreType().isEmpty() && !config.isEmpty() ? " (" + ranCore() + ")" : "");
    }

    /** E.g. "correct, 95.1 GFLOP/s" or "rejected: asked for SkylakeX, OpenBLAS ran Haswell". */
    public String verdict() {
        if (usable()) {
            return String.format(Locale.ROOT, "correct, %.1f GFLOP/s", gflops);
        }
        return "rejected: " + problem.orElse("not timed");
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ").trim();
    }
}
