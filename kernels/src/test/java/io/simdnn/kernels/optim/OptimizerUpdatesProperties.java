package io.simdnn.kernels.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceOptimizerUpdates;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The optimizer updates against their references, exactly: the same float operations in the same order. */
class OptimizerUpdatesProperties {

    @Property(tries = 150)
    void momentumStepMatchesReferenceExactly(@ForAll @IntRange(min = 1, max = 500) int n, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float lr = (float) random.nextDouble(0.001, 0.5);
        float momentum = (float) random.nextDouble(0, 0.99);
        float l2 = random.nextBoolean() ? 0f : (float) random.nextDouble(0, 0.01);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = TestBuffers.random(arena, n, random, 1), g = TestBuffers.random(arena, n, random, 1), v = TestBuffers.random(arena, n, random, 0.1);
            MemorySegment wRef = Buffers.copyOf(arena, Buffers.toArray(w)), vRef = Buffers.copyOf(arena, Buffers.toArray(v));
            OptimizerUpdates.sgdMomentum(n, lr, momentum, l2, w, 0, g, 0, v, 0);
            ReferenceOptimizerUpdates.sgdMomentum(n, lr, momentum, l2, wRef, 0, g, 0, vRef, 0);
            // the same float operations in the same order: bit-identical
            TestBuffers.assertSameBits(wRef, w, "weights");
            TestBuffers.assertSameBits(vRef, v, "velocity");
        }
    }

    @Property(tries = 100)
    void averagedNesterovAndAdamMatchReferenceExactly(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float lr = (float) random.nextDouble(0.0001, 0.1);
        float momentum = (float) random.nextDouble(0, 0.99);
        float l2 = random.nextBoolean() ? 0f : 0.001f;
        long step = 1 + random.nextInt(100);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = TestBuffers.random(arena, n, random, 1);
            MemorySegment[] state = {TestBuffers.random(arena, n, random, 1), TestBuffers.random(arena, n, random, 0.1), TestBuffers.random(arena, n, random, 0.01)};
            MemorySegment[] copy = new MemorySegment[3];
            for (int k = 0; k < 3; k++) {
                copy[k] = Buffers.copyOf(arena, Buffers.toArray(state[k]));
            }
            MemorySegment v2 = Buffers.copyOf(arena, Buffers.toArray(state[2])); // second moments must be >= 0
            for (long i = 0; i < n; i++) {
                Buffers.set(v2, i, Math.abs(Buffers.get(v2, i)));
            }
            MemorySegment v2Copy = Buffers.copyOf(arena, Buffers.toArray(v2));
            // same float operations in the same order, SQRT correctly rounded: bit-identical
            OptimizerUpdates.averagedMomentum(n, lr, momentum, l2, state[0], 0, g, 0, state[1], 0);
            io.simdnn.kernels.reference.ReferenceOptimizerUpdates.averagedMomentum(n, lr, momentum, l2, copy[0], 0, g, 0, copy[1], 0);
            TestBuffers.assertSameBits(copy[0], state[0], "averaged weights");
            TestBuffers.assertSameBits(copy[1], state[1], "averaged momentum");
            OptimizerUpdates.nesterov(n, lr, momentum, l2, state[0], 0, g, 0, state[1], 0);
            io.simdnn.kernels.reference.ReferenceOptimizerUpdates.nesterov(n, lr, momentum, l2, copy[0], 0, g, 0, copy[1], 0);
            TestBuffers.assertSameBits(copy[0], state[0], "nesterov weights");
            TestBuffers.assertSameBits(copy[1], state[1], "nesterov velocity");
            OptimizerUpdates.adam(n, lr, 0.9f, 0.999f, 1e-8f, l2, step, state[0], 0, g, 0, state[1], 0, v2, 0);
            io.simdnn.kernels.reference.ReferenceOptimizerUpdates.adam(n, lr, 0.9f, 0.999f, 1e-8f, l2, step, copy[0], 0, g, 0, copy[1], 0, v2Copy, 0);
            TestBuffers.assertSameBits(copy[0], state[0], "adam weights");
            TestBuffers.assertSameBits(copy[1], state[1], "adam first moment");
            TestBuffers.assertSameBits(v2Copy, v2, "adam second moment");
        }
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        // with m = v = 0 and t = 1 the corrected step is g / (|g| + eps): lr in the direction of -g
        float[] w = {1f, -2f, 3f};
        float[] g = {0.5f, -4f, 1e-3f};
        OptimizerUpdates.adam(3, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, 1, Buffers.wrap(w), 0, Buffers.wrap(g), 0,
                Buffers.wrap(new float[3]), 0, Buffers.wrap(new float[3]), 0);
        assertEquals(0.99f, w[0], 1e-6f);
        assertEquals(-1.99f, w[1], 1e-6f);
        assertEquals(2.99f, w[2], 1e-5f);
    }
}
