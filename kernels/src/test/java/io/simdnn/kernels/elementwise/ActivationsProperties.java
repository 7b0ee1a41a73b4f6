package io.simdnn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceActivations;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link Activations} against {@link ReferenceActivations}: ReLU bit for bit, the smooth functions within float rounding. */
class ActivationsProperties {

    @Property(tries = 150)
    void reluMatchesReferenceExactly(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(max = 9) int offset,
                                     @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = TestBuffers.random(arena, n + offset, random, 3);
            MemorySegment dy = TestBuffers.random(arena, n + offset, random, 1);
            MemorySegment y = TestBuffers.poisoned(arena, n + offset), yRef = TestBuffers.poisoned(arena, n + offset);
            MemorySegment dx = TestBuffers.poisoned(arena, n + offset), dxRef = TestBuffers.poisoned(arena, n + offset);
            Activations.reluForward(n, x, offset, y, offset);
            ReferenceActivations.reluForward(n, x, offset, yRef, offset);
            Activations.reluBackward(n, x, offset, dy, offset, dx, offset);
            ReferenceActivations.reluBackward(n, x, offset, dy, offset, dxRef, offset);
            // element-wise selections: no rounding at all, so equality is exact
            TestBuffers.assertSameBits(yRef, y, "relu forward");
            TestBuffers.assertSameBits(dxRef, dx, "relu backward");
            for (int i = offset; i < n + offset; i++) {
                assertTrue(Buffers.get(y, i) >= 0);
            }
        }
    }

    @Property(tries = 60)
    void smoothActivationsMatchReference(@ForAll SmoothFunction f, @ForAll @IntRange(min = 1, max = 300) int n,
                                         @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = TestBuffers.random(arena, n, random, 6);
            MemorySegment dy = TestBuffers.random(arena, n, random, 1);
            MemorySegment y = TestBuffers.poisoned(arena, n), yRef = TestBuffers.poisoned(arena, n);
            Activations.smoothForward(f, n, x, 0, y, 0);
            io.simdnn.kernels.reference.ReferenceActivations.smoothForward(f, n, x, 0, yRef, 0);
            MemorySegment dx = TestBuffers.poisoned(arena, n), dxRef = TestBuffers.poisoned(arena, n);
            Activations.smoothBackward(f, n, yRef, 0, dy, 0, dx, 0);
            io.simdnn.kernels.reference.ReferenceActivations.smoothBackward(f, n, yRef, 0, dy, 0, dxRef, 0);
            for (int i = 0; i < n; i++) {
                // vector tanh/exp are within a few ulps of Math's; outputs are bounded by 1.7159
                assertEquals(Buffers.get(yRef, i), Buffers.get(y, i), 1e-6f, f + " forward at " + i);
                assertEquals(Buffers.get(dxRef, i), Buffers.get(dx, i), 1e-6f, f + " backward at " + i);
            }
        }
    }
}
