package io.simdnn.kernels.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.TestBuffers;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link Norms#sumOfSquares} against its reference. */
class NormsProperties {

    @Property(tries = 100)
    void sumOfSquaresMatchesReference(@ForAll @IntRange(min = 1, max = 5000) int n, @ForAll @LongRange long seed) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = TestBuffers.random(arena, n, new SplittableRandom(seed), 2);
            double expected = io.simdnn.kernels.reference.ReferenceNorms.sumOfSquares(n, x, 0);
            // float lane sums of n / lanes terms each: relative error <= (n / lanes + 1) u; n u bounds it
            assertEquals(expected, Norms.sumOfSquares(n, x, 0), expected * n * 6e-8 + 1e-30);
        }
    }
}
