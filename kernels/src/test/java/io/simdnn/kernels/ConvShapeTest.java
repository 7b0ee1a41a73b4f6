package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ConvShape}: output size {@code (H + 2P - D (K - 1) - 1) / S + 1}, the sizes derived from it, and shapes refused. */
class ConvShapeTest {
    @Test
    void outputSizeCountsStrideDilationAndPadding() {
        assertEquals(4, new ConvShape(1, 1, 4, 4, 1, 3, 3, 1, 1, 2, 2, 2, 2).outHeight());
        assertEquals(2, new ConvShape(1, 1, 4, 4, 1, 3, 3, 1, 1, 1, 1, 2, 2).outWidth());
        // 2 x 3 x 7 x 9 input, 5 filters of 3 x 2, stride 2 x 3, padding 1 x 0
        ConvShape s = new ConvShape(2, 3, 7, 9, 5, 3, 2, 2, 3, 1, 0);
        assertEquals(4, s.outHeight());
        assertEquals(3, s.outWidth());
        assertEquals(3 * 3 * 2, s.patchSize());
        assertEquals(2 * 4 * 3, s.columnCount());
        assertEquals(2 * 3 * 7 * 9, s.inputSize());
        assertEquals(2 * 5 * 4 * 3, s.outputSize());
        assertEquals(5 * 3 * 3 * 2, s.weightSize());
        assertFalse(s.dilated());
        assertTrue(new ConvShape(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 2).dilated());
        assertEquals(new ConvShape(1, 2, 6, 6, 4, 3, 3, 1, 1, 1, 1), ConvShape.of(1, 2, 6, 6, 4, 3, 1, 1));
    }

    @Test
    void badShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 1, 3, 3, 1, 5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ConvShape.of(1, 1, 3, 3, 1, 3, 0, 0));
        // a 3-tap kernel at dilation 2 spans 5 input positions: too wide for 4 plus no padding, fine with padding 1
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> new ConvShape(1, 1, 4, 4, 1, 3, 3, 1, 1, 0, 0, 2, 2));
        assertTrue(wide.getMessage().contains("dilation 2x2"), wide.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvShape(1, 1, 4, 4, 1, 3, 3, 1, 1, 1, 1, 0, 1));
    }
}
