package io.simdnn.kernels.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.reference.ReferenceOptimizerUpdates;
import org.junit.jupiter.api.Test;

/** The momentum updates, split at 2 threads, round every element as the reference does. */
class MomentumSplitTest {

    /** The momentum updates, split at 2 threads, round every element as the reference does. */
    @Test
    void splitMomentumUpdatesEqualTheReferenceBitForBit() {
        long n = Tuning.ELEMENTWISE_MIN_PARALLEL + 2 * Tuning.ELEMENTWISE_PIECE + 999;
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
