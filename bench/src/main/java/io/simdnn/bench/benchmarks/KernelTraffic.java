package io.simdnn.bench.benchmarks;

/**
 * What one call of a bandwidth-bound kernel benchmark moves through memory, and the copy it is
 * judged against. Such a kernel does a few flops per float, so its roofline is the memory system:
 * the fair yardstick is a {@code MemorySegment.copy} moving the same number of bytes (read plus
 * written) in the same run, which also puts both in the same cache regime (a 6 MiB working set
 * sits in L3, a 28 MiB one may not).
 *
 * @param benchmark    the {@link StreamingKernelBenchmark} method
 * @param kernelClass  the simple name of the kernels class it measures (e.g. {@code Activations})
 * @param bytesPerCall bytes read plus bytes written by one call
 * @param copyFloats   floats copied by the matching {@link CopyBenchmark} configuration: a copy of
 *                     f floats moves 8f bytes, so this is {@code bytesPerCall / 8} rounded to
 *                     the operand sizes (vectors of a few KB, like a bias, are left out)
 * @param freshBytes   bytes written to memory the call does not read, a multiple of 64: the output
 *                     of an out-of-place kernel (0 for in-place updates and reductions, whose
 *                     outputs of a few KB are left out like in {@code copyFloats}), which
 *                     {@link StreamingInterleavedBenchmark} writes with plain stores alone as the
 *                     kernel's store floor
 */
public record KernelTraffic(String benchmark, String kernelClass, long bytesPerCall, long copyFloats, long freshBytes) {
    public KernelTraffic {
        if (bytesPerCall <= 0 || copyFloats <= 0) {
            throw new IllegalArgumentException(benchmark + ": traffic must be positive");
        }
        if (freshBytes < 0 || freshBytes > bytesPerCall || freshBytes % 64 != 0) {
            throw new IllegalArgumentException(benchmark + ": fresh bytes must be whole cache lines within the traffic, got " + freshBytes);
        }
    }

    /** Bytes a copy of {@link #copyFloats} floats moves (each float read once and written once). */
    public long copyBytes() {
        return 2L * Float.BYTES * copyFloats;
    }
}
