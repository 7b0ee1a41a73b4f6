package io.simdnn.bench.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which OpenBLAS kernel set ("core type") a run compares with, and which ones are worth trying. A
 * DYNAMIC_ARCH build picks its kernels by CPU model and falls back to old ones for models it does
 * not know: 0.3.21 runs its SSE3 "Prescott" kernels on an Emerald Rapids Xeon, at a fifth of what
 * its Skylake-X kernels reach there, which makes every GEMM ratio against it flatter simdnn. The
 * core OpenBLAS chose is a word of {@code openblas_get_config()}; {@code OPENBLAS_CORETYPE}, read
 * once when the library loads, overrides it. Before a GEMM run, the suite tries the
 * {@link #candidates candidates}, each in a child JVM ({@link OpenBlasProbe}), and the run uses the
 * fastest correct one.
 */
public final class OpenBlasCore {
    /** The environment variable OpenBLAS reads its core type from. */
    public static final String CORETYPE_VARIABLE = "OPENBLAS_CORETYPE";

    /** OpenBLAS core names whose kernels predate AVX2 (SSE or 128-bit AVX at most). */
    private static final Set<String> WITHOUT_AVX2 = Set.of("Katmai", "Coppermine", "Northwood", "Prescott", "Banias",
            "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Sandybridge", "Athlon", "Opteron", "Opteron_SSE3",
            "Barcelona", "Bobcat", "Bulldozer");

    /** The build options {@code openblas_get_config()} may list before the core name. */
    private static final Set<String> BUILD_OPTIONS = Set.of("USE64BITINT", "NO_CBLAS", "NO_LAPACK", "NO_LAPACKE",
            "DYNAMIC_ARCH", "DYNAMIC_OLDER", "NO_AFFINITY", "USE_OPENMP");

    private OpenBlasCore() {}

    /**
     * The core type a config string names: {@code openblas_get_config()} is "OpenBLAS", the version,
     * the build options (upper case, e.g. DYNAMIC_ARCH), the core ("SkylakeX"; upper case,
     * "SKYLAKEX", in a build for one CPU), then "MAX_THREADS=n" or "SINGLE_THREADED". Empty for
     * anything else, e.g. the sentence saying OpenBLAS is not installed.
     */
    static Optional<String> coreName(String config) {
        List<String> words = new ArrayList<>(Arrays.asList(config.trim().split("\\s+")));
        if (words.size() < 3 || !words.getFirst().equals("OpenBLAS")) {
            return Optional.empty();
        }
        words.removeIf(word -> word.startsWith("MAX_THREADS=") || word.equals("SINGLE_THREADED"));
        String last = words.getLast();
        return words.size() >= 3 && last.matches("[A-Za-z][A-Za-z0-9_]*") && !BUILD_OPTIONS.contains(last)
                ? Optional.of(last) : Optional.empty();
    }

    /** Whether {@code config} names core type {@code core} (OpenBLAS reads the variable ignoring case). */
    static boolean runs(String config, String core) {
        return coreName(config).map(name -> name.equalsIgnoreCase(core)).orElse(false);
    }

    /**
     * The core types to try on a CPU with these /proc/cpuinfo {@code flags}, without duplicates
     * (ignoring case): first what the run would use anyway, the {@code environment}'s
     * {@code OPENBLAS_CORETYPE} when set; then OpenBLAS's own choice by CPU model (unset: newer
     * models get newer kernel sets, e.g. Cooperlake); then SkylakeX (AVX-512 kernels) when the CPU
     * has avx512f, and Haswell (AVX2 + FMA kernels) when it has avx2 and fma. Whether OpenBLAS
     * agrees (SkylakeX also needs AVX512VL and OS support, else it quietly runs Haswell) is for the
     * probe to find out.
     */
    public static List<CoreCandidate> candidates(Set<String> cpuFlags, Optional<String> environment) {
        List<CoreCandidate> list = new ArrayList<>();
        environment.filter(value -> !value.isBlank())
                .ifPresent(value -> list.add(new CoreCandidate(Optional.of(value.trim()), CORETYPE_VARIABLE + " of the environment")));
        list.add(new CoreCandidate(Optional.empty(), "OpenBLAS's own choice for this CPU"));
        if (cpuFlags.contains("avx512f")) {
            addNew(list, new CoreCandidate(Optional.of("SkylakeX"), "CPU has avx512f"));
        }
        if (cpuFlags.contains("avx2") && cpuFlags.contains("fma")) {
            addNew(list, new CoreCandidate(Optional.of("Haswell"), "CPU has avx2 and fma"));
        }
        return List.copyOf(list);
    }

    private static void addNew(List<CoreCandidate> list, CoreCandidate candidate) {
        String core = candidate.coreType().orElseThrow().toLowerCase(Locale.ROOT);
        if (list.stream().noneMatch(c -> c.coreType().map(t -> t.toLowerCase(Locale.ROOT).equals(core)).orElse(false))) {
            list.add(candidate);
        }
    }

    /**
     * A warning naming the core and the override to use, when OpenBLAS runs pre-AVX2 kernels on a
     * machine where simdnn uses 256-bit or wider vectors ({@code floatLanes} of 8 or more).
     *
     * @param config     {@code openblas_get_config()}, or a sentence saying OpenBLAS is absent
     * @param floatLanes float lanes of simdnn's vectors on the machine
     */
    public static Optional<String> warning(String config, int floatLanes) {
        if (floatLanes < 8) {
            return Optional.empty();
        }
        return coreName(config).filter(WITHOUT_AVX2::contains).map(core -> {
            String override = floatLanes >= 16 ? "SkylakeX" : "Haswell";
            return "OpenBLAS runs its " + core + " kernels (it does not recognize this CPU), which do not use the "
                    + (floatLanes * Float.SIZE) + "-bit vectors simdnn uses here, so the GEMM ratios against it flatter simdnn; "
                    + "for a fair comparison run with OPENBLAS_CORETYPE=" + override;
        });
    }
}
