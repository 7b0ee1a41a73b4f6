package io.simdnn.kernels.optim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Misuse;
import io.simdnn.kernels.TestBuffers;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Every optimizer update given one invalid argument (any two of its vectors sharing memory, a
 * vector too small, off its segment or misaligned, a non-finite hyperparameter) throws
 * {@link IllegalArgumentException} with the weights and the state untouched.
 */
class OptimizerMisuseProperties {
    /** An update over operands w, g, then its one or two state vectors, at the given offsets. */
    private interface Update {
        void run(long n, float learningRate, MemorySegment[] operands, long[] offsets);
    }

    private enum Fault { OVERLAP, TOO_SMALL, BAD_OFFSET, MISALIGNED, NON_FINITE_RATE }

    private static Update update(int rule) {
        return switch (rule) {
            case 0 -> (n, lr, s, o) -> OptimizerUpdates.sgdMomentum(n, lr, 0.9f, 1e-4f, s[0], o[0], s[1], o[1], s[2], o[2]);
            case 1 -> (n, lr, s, o) -> OptimizerUpdates.averagedMomentum(n, lr, 0.9f, 1e-4f, s[0], o[0], s[1], o[1], s[2], o[2]);
            case 2 -> (n, lr, s, o) -> OptimizerUpdates.nesterov(n, lr, 0.9f, 1e-4f, s[0], o[0], s[1], o[1], s[2], o[2]);
            default -> (n, lr, s, o) -> OptimizerUpdates.adam(n, lr, 0.9f, 0.999f, 1e-8f, 1e-4f, 3,
                    s[0], o[0], s[1], o[1], s[2], o[2], s[3], o[3]);
        };
    }

    @Property(tries = 300)
    void invalidArgumentsLeaveWeightsAndStateUntouched(@ForAll @IntRange(max = 3) int rule, @ForAll Fault fault,
                                                       @ForAll @IntRange(min = 2, max = 200) int n, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = rule == 3 ? 4 : 3;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] operands = new MemorySegment[count];
            long[] offsets = new long[count];
            for (int i = 0; i < count; i++) {
                operands[i] = TestBuffers.random(arena, n, random, 1);
            }
            float learningRate = 0.01f;
            int victim = random.nextInt(count);
            switch (fault) {
                case OVERLAP -> {
                    // two distinct operands in one buffer, shifted by -(n-1)..(n-1): exact aliasing is rejected too
                    int other = (victim + 1 + random.nextInt(count - 1)) % count;
                    MemorySegment shared = TestBuffers.random(arena, 3L * n, random, 1);
                    operands[victim] = shared;
                    operands[other] = shared;
                    offsets[victim] = n;
                    offsets[other] = n + random.nextInt(2 * n - 1) - (n - 1);
                }
                case TOO_SMALL -> operands[victim] = TestBuffers.random(arena, n - 1, random, 1);
                case BAD_OFFSET -> offsets[victim] = Misuse.badOffset(random, n, n);
                case MISALIGNED -> operands[victim] = Misuse.misaligned(arena, n, 1 + random.nextInt(3));
                case NON_FINITE_RATE -> learningRate = random.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY;
            }
            float rate = learningRate;
            Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> update(rule).run(n, rate, operands, offsets),
                    operands);
        }
    }
}
