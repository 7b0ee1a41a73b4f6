package io.simdnn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.reference.ReferenceActivations;
import org.junit.jupiter.api.Test;

/** ReLU passes long enough to be split across the kernel threads, at an odd length and offset: bit-identical to the reference at 1 and 2 threads. */
class ReluSplitTest {
    @Test
    void splitReluPassesEqualTheReferenceBitForBit() {
        long n = Tuning.ELEMENTWISE_MIN_PARALLEL + 3 * Tuning.ELEMENTWISE_PIECE + 12_345;
        long offset = 7;
        int saved = KernelThreads.parallelism();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = TestBuffers.random(arena, n + offset, new SplittableRandom(5), 1);
            MemorySegment dy = TestBuffers.random(arena, n + offset, new SplittableRandom(6), 1);
            MemorySegment expected = TestBuffers.poisoned(arena, n + offset);
            MemorySegment expectedGrad = TestBuffers.poisoned(arena, n + offset);
            ReferenceActivations.reluForward(n, x, offset, expected, offset);
            ReferenceActivations.reluBackward(n, x, offset, dy, offset, expectedGrad, offset);
            for (int threads = 1; threads <= 2; threads++) {
                KernelThreads.setParallelism(threads);
                MemorySegment y = TestBuffers.poisoned(arena, n + offset);
                MemorySegment dx = TestBuffers.poisoned(arena, n + offset);
                Activations.reluForward(n, x, offset, y, offset);
                Activations.reluBackward(n, x, offset, dy, offset, dx, offset);
                assertArrayEquals(Buffers.toArray(expected), Buffers.toArray(y), "relu forward, " + threads + " threads");
                assertArrayEquals(Buffers.toArray(expectedGrad), Buffers.toArray(dx), "relu backward, " + threads + " threads");
            }
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }
}
