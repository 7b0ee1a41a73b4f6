package io.simdnn.bench.report;

/**
 * A kernel's throughput next to its roofline measured in the same run: GB/s against a copy of
 * the same bytes for bandwidth-bound kernels, GFLOP/s against the FMA peak (per core x threads)
 * for compute-bound ones.
 *
 * @param kernel   what was measured, e.g. "reluForward" or "sgemm 1024x1024x1024:NN"
 * @param threads  threads the kernel ran on
 * @param unit     "GB/s" or "GFLOP/s"
 * @param achieved the kernel's rate per fork, in {@code unit}
 * @param roof     the roofline in {@code unit} (median of its forks)
 * @param roofName what the roofline is, e.g. "copy of 8.4 MB" or "FMA peak x 2 cores"
 */
public record RooflineRow(String kernel, int threads, String unit, ForkScores achieved, double roof, String roofName) {
    /** Achieved over roofline, per fork. */
    public ForkScores fraction() {
        return achieved.scaled(1 / roof);
    }

    /** Whether the roofline is memory bandwidth (else the FMA peak). */
    public boolean bandwidthBound() {
        return unit.equals("GB/s");
    }
}
