package io.simdnn.bench.benchmarks;

import java.util.Map;
import java.util.Optional;

/**
 * One OpenBLAS kernel set to try: the value of {@code OPENBLAS_CORETYPE} for a process, or empty
 * for the variable unset (OpenBLAS then picks by CPU model), and why it is tried.
 *
 * @param coreType the variable's value, e.g. "SkylakeX"; empty: unset
 * @param reason   why it is a candidate, e.g. "CPU has avx512f"
 */
public record CoreCandidate(Optional<String> coreType, String reason) {
    public CoreCandidate {
        reason = reason.replaceAll("[\\t\\r\\n]+", " ");
    }

    /** The core type, or "unset". */
    public String label() {
        return coreType.orElse("unset");
    }

    /** Sets or removes {@code OPENBLAS_CORETYPE} in a child process's {@code environment}. */
    public void applyTo(Map<String, String> environment) {
        coreType.ifPresentOrElse(value -> environment.put(OpenBlasCore.CORETYPE_VARIABLE, value),
                () -> environment.remove(OpenBlasCore.CORETYPE_VARIABLE));
    }

    /** Whether a process whose {@code OPENBLAS_CORETYPE} is {@code value} (null: unset) already runs this candidate. */
    public boolean isCurrent(String value) {
        return coreType.equals(Optional.ofNullable(value));
    }
}
