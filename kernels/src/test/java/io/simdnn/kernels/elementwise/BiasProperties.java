package io.simdnn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceBias;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link Bias} over rows and over channels against {@link ReferenceBias}. */
class BiasProperties {

    @Property(tries = 150)
    void biasAndColumnSumsMatchReference(@ForAll @IntRange(min = 1, max = 70) int rows, @ForAll @IntRange(min = 1, max = 70) int cols,
                                         @ForAll @IntRange(max = 4) int padding, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int ld = cols + padding;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bias = TestBuffers.random(arena, cols + 1, random, 1);
            MemorySegment y = TestBuffers.random(arena, (long) rows * ld, random, 1);
            MemorySegment yRef = Buffers.copyOf(arena, Buffers.toArray(y));
            Bias.addToRows(rows, cols, bias, 1, y, 0, ld);
            ReferenceBias.addToRows(rows, cols, bias, 1, yRef, 0, ld);
            TestBuffers.assertSameBits(yRef, y, "bias add"); // one float addition per element: exact agreement

            MemorySegment sums = TestBuffers.poisoned(arena, cols), sumsRef = TestBuffers.poisoned(arena, cols);
            Bias.columnSums(rows, cols, y, 0, ld, sums, 0);
            ReferenceBias.columnSums(rows, cols, y, 0, ld, sumsRef, 0);
            TestBuffers.assertSameBits(sumsRef, sums, "column sums"); // same order of float additions
        }
    }

    @Property(tries = 100)
    void channelBiasAndChannelSumsMatchReference(@ForAll @IntRange(min = 1, max = 5) int batch, @ForAll @IntRange(min = 1, max = 40) int channels,
                                                 @ForAll @IntRange(min = 1, max = 70) int spatial, @ForAll boolean dense,
                                                 @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ChannelShape s = new ChannelShape(batch, channels, dense ? 1 : spatial);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bias = TestBuffers.random(arena, channels, random, 1);
            MemorySegment y = TestBuffers.random(arena, s.size(), random, 1);
            MemorySegment yRef = Buffers.copyOf(arena, Buffers.toArray(y));
            Bias.addToChannels(s, bias, y);
            ReferenceBias.addToChannels(s, bias, yRef);
            TestBuffers.assertSameBits(yRef, y, "channel bias add"); // one float addition per element: exact agreement

            MemorySegment sums = TestBuffers.poisoned(arena, channels), sumsRef = TestBuffers.poisoned(arena, channels);
            Bias.channelSums(s, y, sums);
            ReferenceBias.channelSums(s, y, sumsRef);
            // M = N * S float additions of values below 2 against one double sum: each rounding is at most
            // 1.2e-7 of a partial sum below 2 M, so M * 1e-6 covers the usual error with room; a missing or doubled term is >= 1e-3
            for (int c = 0; c < channels; c++) {
                assertEquals(Buffers.get(sumsRef, c), Buffers.get(sums, c), 1e-6 * s.valuesPerChannel(), "channel sum " + c + " of " + s);
            }
        }
    }
}
