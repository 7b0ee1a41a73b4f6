package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.simdnn.kernels.reference.ReferenceActivations;
import io.simdnn.kernels.reference.ReferenceOptimizerUpdates;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Element-wise passes long enough to be split across the kernel threads, at an odd length and offset. */
class ElementwiseSplitTest {
    @Test
    void splitReluPassesEqualTheReferenceBitForBit() {
        long n = ElementwiseSplit.MIN_PARALLEL + 3 * ElementwiseSplit.PIECE + 12_345;
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

    /** The momentum updates, split at 2 threads, round every element as the reference does. */
    @Test
    void splitMomentumUpdatesEqualTheReferenceBitForBit() {
        long n = ElementwiseSplit.MIN_PARALLEL + 2 * ElementwiseSplit.PIECE + 999;
        long offset = 3;
        int saved = KernelThreads.parallelism();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment g = TestBuffers.random(arena, n + offset, new SplittableRandom(7), 1);
            for (String update : new String[] {"sgd", "averaged", "nesterov"}) {
                for (int threads = 1; threads <= 2; threads++) {
                    KernelThreads.setParallelism(threads);
                    MemorySegment w = TestBuffers.random(arena, n + offset, new SplittableRandom(8), 1);
                    MemorySegment v = TestBuffers.random(arena, n + offset, new SplittableRandom(9), 1);
                    MemorySegment expectedW = TestBuffers.random(arena, n + offset, new SplittableRandom(8), 1);
                    MemorySegment expectedV = TestBuffers.random(arena, n + offset, new SplittableRandom(9), 1);
                    switch (update) {
                        case "sgd" -> {
                            OptimizerUpdates.sgdMomentum(n, 0.05f, 0.9f, 1e-3f, w, offset, g, offset, v, offset);
                            ReferenceOptimizerUpdates.sgdMomentum(n, 0.05f, 0.9f, 1e-3f, expectedW, offset, g, offset, expectedV, offset);
                        }
                        case "averaged" -> {
                            OptimizerUpdates.averagedMomentum(n, 0.05f, 0.9f, 1e-3f, w, offset, g, offset, v, offset);
                            ReferenceOptimizerUpdates.averagedMomentum(n, 0.05f, 0.9f, 1e-3f, expectedW, offset, g, offset, expectedV, offset);
                        }
                        default -> {
                            OptimizerUpdates.nesterov(n, 0.05f, 0.9f, 1e-3f, w, offset, g, offset, v, offset);
                            ReferenceOptimizerUpdates.nesterov(n, 0.05f, 0.9f, 1e-3f, expectedW, offset, g, offset, expectedV, offset);
                        }
                    }
                    assertArrayEquals(Buffers.toArray(expectedW), Buffers.toArray(w), update + " weights, " + threads + " threads");
                    assertArrayEquals(Buffers.toArray(expectedV), Buffers.toArray(v), update + " state, " + threads + " threads");
                }
            }
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }
}
