package io.simdnn.bench.suite;

import java.util.Arrays;
import java.util.Locale;

/** The parts of the suite that can be run alone: {@code ./simdnn bench gemm|kernels|conv|train|scaling}. */
public enum BenchGroup {
    GEMM("simdnn SGEMM vs OpenBLAS per shape (squares, MLP layers, conv products), and the FMA peak"),
    KERNELS("every bandwidth-bound kernel vs MemorySegment.copy of the same bytes (1 thread)"),
    CONV("convolution forward + backward of the default CNN's layers vs the equivalent GEMM"),
    TRAIN("one training step of the default MLP (batch 128) and CNN (batch 64)"),
    SCALING("2-thread speed-up of GEMM 1024^3, conv2 and both training steps, 1 and 2 threads alternating in each fork");

    private final String description;

    BenchGroup(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The command-line name, e.g. {@code gemm}. */
    public String commandName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The group named {@code name} on the command line. */
    public static BenchGroup named(String name) {
        return Arrays.stream(values()).filter(g -> g.commandName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown benchmark group '" + name + "' (gemm, kernels, conv, train, scaling)"));
    }
}
