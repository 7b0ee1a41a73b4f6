package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link AreaScaling}: each output pixel is the area-weighted mean of the input it covers, for whole and fractional factors. */
class AreaScalingTest {
    @Test
    void shrinkingByAWholeFactorAveragesBlocks() {
        float[] plane = {1, 3, 5, 7,
                         1, 3, 5, 7};
        assertArrayEquals(new float[] {2, 6}, AreaScaling.scale(plane, 2, 4, 1, 2));
    }

    @Test
    void aFractionalFactorWeighsThePartlyCoveredPixel() {
        // 3 -> 2: output 0 covers inputs [0, 1.5), output 1 covers [1.5, 3)
        float[] scaled = AreaScaling.scale(new float[] {3, 6, 9}, 1, 3, 1, 2);
        assertArrayEquals(new float[] {(3 + 6 * 0.5f) / 1.5f, (6 * 0.5f + 9) / 1.5f}, scaled, 1e-6f);
    }

    @Test
    void enlargingRepeatsPixels() {
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2}, AreaScaling.scale(new float[] {1, 2}, 1, 2, 2, 4));
    }

    @Test
    void aConstantPlaneStaysConstantAndTheSameSizeIsACopy() {
        float[] constant = new float[7 * 5];
        Arrays.fill(constant, 0.25f);
        float[] expected = new float[3 * 4];
        Arrays.fill(expected, 0.25f);
        assertArrayEquals(expected, AreaScaling.scale(constant, 7, 5, 3, 4), 1e-7f);
        float[] plane = {1, 2, 3, 4};
        float[] same = AreaScaling.scale(plane, 2, 2, 2, 2);
        assertArrayEquals(plane, same);
        assertNotSame(plane, same);
        assertThrows(IllegalArgumentException.class, () -> AreaScaling.scale(plane, 3, 2, 1, 1));
    }
}
