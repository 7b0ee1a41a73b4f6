package io.simdnn.bench.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;

/** Benchmark inputs: random floats in [-1, 1), never zeros (no denormal or zero shortcuts), 64-byte aligned. */
final class BenchData {
    private BenchData() {}

    static MemorySegment uniform(Arena arena, long count, SplittableRandom random) {
        MemorySegment segment = Buffers.allocate(arena, count);
        for (long i = 0; i < count; i++) {
            Buffers.set(segment, i, (float) (random.nextDouble() * 2 - 1));
        }
        return segment;
    }
}
