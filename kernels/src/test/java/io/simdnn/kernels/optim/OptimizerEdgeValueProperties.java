package io.simdnn.kernels.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.EdgeValues;
import io.simdnn.kernels.reference.ReferenceOptimizerUpdates;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The optimizer updates on edge values in weights, gradients and state (+-0, subnormals,
 * +-infinity, NaN, from the first vector on). The kernels do the reference's float operations in
 * the same order, without fused multiply-adds, so the contract is the same result element by
 * element: the same bits for finite results and the same infinities; a NaN where the reference
 * has a NaN (its sign and payload are not part of the contract).
 */
class OptimizerEdgeValueProperties {
    @Property(tries = 150)
    void updatesAgreeWithTheReferenceOnEdgeValues(@ForAll @IntRange(max = 3) int rule, @ForAll @IntRange(min = 1, max = 300) int n,
                                                  @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float lr = 0.01f, momentum = 0.9f, l2 = random.nextBoolean() ? 0f : 1e-3f;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment g = EdgeValues.segment(arena, n, random, 0.3);
            MemorySegment[] state = {EdgeValues.segment(arena, n, random, 0.3), EdgeValues.segment(arena, n, random, 0.3),
                EdgeValues.segment(arena, n, random, 0.3)};
            for (long i = 0; i < n; i++) { // Adam's second moment is a mean of squares: never negative
                Buffers.set(state[2], i, Math.abs(Buffers.get(state[2], i)));
            }
            MemorySegment[] copy = new MemorySegment[3];
            for (int k = 0; k < 3; k++) {
                copy[k] = Buffers.copyOf(arena, Buffers.toArray(state[k]));
            }
            switch (rule) {
                case 0 -> {
                    OptimizerUpdates.sgdMomentum(n, lr, momentum, l2, state[0], 0, g, 0, state[1], 0);
                    ReferenceOptimizerUpdates.sgdMomentum(n, lr, momentum, l2, copy[0], 0, g, 0, copy[1], 0);
                }
                case 1 -> {
                    OptimizerUpdates.averagedMomentum(n, lr, momentum, l2, state[0], 0, g, 0, state[1], 0);
                    ReferenceOptimizerUpdates.averagedMomentum(n, lr, momentum, l2, copy[0], 0, g, 0, copy[1], 0);
                }
                case 2 -> {
                    OptimizerUpdates.nesterov(n, lr, momentum, l2, state[0], 0, g, 0, state[1], 0);
                    ReferenceOptimizerUpdates.nesterov(n, lr, momentum, l2, copy[0], 0, g, 0, copy[1], 0);
                }
                default -> {
                    OptimizerUpdates.adam(n, lr, 0.9f, 0.999f, 1e-8f, l2, 7, state[0], 0, g, 0, state[1], 0, state[2], 0);
                    ReferenceOptimizerUpdates.adam(n, lr, 0.9f, 0.999f, 1e-8f, l2, 7, copy[0], 0, g, 0, copy[1], 0, copy[2], 0);
                }
            }
            for (int k = 0; k < 3; k++) {
                for (long i = 0; i < n; i++) {
                    float expected = Buffers.get(copy[k], i), actual = Buffers.get(state[k], i);
                    String what = "rule " + rule + ", vector " + k + ", element " + i + ", g = " + Buffers.get(g, i);
                    if (Float.isNaN(expected)) {
                        assertEquals(Float.NaN, actual, what);
                    } else {
                        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what + ": " + expected + " vs " + actual);
                    }
                }
            }
        }
    }
}
