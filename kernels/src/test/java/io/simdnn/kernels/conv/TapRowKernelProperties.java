package io.simdnn.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The weight gradient's tap-row tile taking positions two at a time against the same tile one
 * position at a time ({@link ConvTileKernel#accumulateTapRows}): each accumulator adds the same
 * products in the same order either way, so the tiles must agree bit for bit, not within a
 * tolerance. Offsets come in pairs of row neighbours at random places of a random x; each tile
 * row is one kernel row, KW consecutive taps from a random base.
 */
class TapRowKernelProperties {
    @Property(tries = 60)
    void pairedPositionsGiveTheSingleStepBits(
            @ForAll @IntRange(min = 0, max = 1) int wide, @ForAll @IntRange(min = 1, max = 150) int pairs,
            @ForAll @IntRange(min = 0, max = 5) int offsetStart, @ForAll @IntRange(min = 0, max = 40) int bStart,
            @ForAll @LongRange long seed) {
        int kernelWidth = wide == 1 ? 5 : 3;
        int rows = ConvTileKernel.tapRows(kernelWidth);
        SplittableRandom random = new SplittableRandom(seed);
        int span = 400;
        float[] x = new float[2 * span + kernelWidth + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        int[] taps = new int[rows + 3];
        for (int r = 0; r < rows / kernelWidth; r++) {
            int base = random.nextInt(span);
            for (int j = 0; j < kernelWidth; j++) {
                taps[r * kernelWidth + j] = base + j;
            }
        }
        int steps = 2 * pairs;
        int[] offsets = new int[offsetStart + steps];
        for (int p = 0; p < steps; p += 2) {
            offsets[offsetStart + p] = random.nextInt(span);
            offsets[offsetStart + p + 1] = offsets[offsetStart + p] + 1;
        }
        float[] b = new float[bStart + steps * ConvTileKernel.NR_WIDE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextDouble(-1, 1);
        }
        int tileFloats = rows * ConvTileKernel.NR_WIDE;
        float[] single = new float[tileFloats];
        float[] paired = new float[tileFloats];
        ConvTileKernel.accumulateTapRows(kernelWidth, false, steps, x, taps, 0, offsets, offsetStart, b, bStart, single);
        ConvTileKernel.accumulateTapRows(kernelWidth, true, steps, x, taps, 0, offsets, offsetStart, b, bStart, paired);
        assertArrayEquals(single, paired, "KW " + kernelWidth + ", " + steps + " positions");
    }
}
