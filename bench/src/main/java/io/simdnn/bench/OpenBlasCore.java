package io.simdnn.bench;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the OpenBLAS a run compares with uses this CPU's vector units. A DYNAMIC_ARCH build
 * picks its kernels by CPU model and falls back to old ones for models it does not know: 0.3.21
 * runs its SSE3 "Prescott" kernels on an Emerald Rapids Xeon, at a fifth of what its Skylake-X
 * kernels reach there, which makes every GEMM ratio against it flatter simdnn. The core OpenBLAS
 * chose is a word of {@code openblas_get_config()}; {@code OPENBLAS_CORETYPE} overrides it.
 */
final class OpenBlasCore {
    /** OpenBLAS core names whose kernels predate AVX2 (SSE or 128-bit AVX at most). */
    private static final Set<String> WITHOUT_AVX2 = Set.of("Katmai", "Coppermine", "Northwood", "Prescott", "Banias",
            "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Sandybridge", "Athlon", "Opteron", "Opteron_SSE3",
            "Barcelona", "Bobcat", "Bulldozer");

    private OpenBlasCore() {}

    /**
     * A warning naming the core and the override to use, when OpenBLAS runs pre-AVX2 kernels on a
     * machine where simdnn uses 256-bit or wider vectors ({@code floatLanes} of 8 or more).
     *
     * @param config     {@code openblas_get_config()}, or a sentence saying OpenBLAS is absent
     * @param floatLanes float lanes of simdnn's vectors on the machine
     */
    static Optional<String> warning(String config, int floatLanes) {
        if (floatLanes < 8) {
            return Optional.empty();
        }
        return Arrays.stream(config.split("\\s+")).filter(WITHOUT_AVX2::contains).findFirst().map(core -> {
            String override = floatLanes >= 16 ? "SkylakeX" : "Haswell";
            return "OpenBLAS runs its " + core + " kernels (it does not recognize this CPU), which do not use the "
                    + (floatLanes * Float.SIZE) + "-bit vectors simdnn uses here, so the GEMM ratios against it flatter simdnn; "
                    + "for a fair comparison run with OPENBLAS_CORETYPE=" + override;
        });
    }
}
