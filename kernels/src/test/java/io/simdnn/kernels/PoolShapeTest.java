package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link PoolShape}: whole windows only, {@code (H - K) / S + 1}, and shapes refused. */
class PoolShapeTest {
    @Test
    void outputHoldsTheWholeWindows() {
        PoolShape s = new PoolShape(2, 3, 7, 6, 3, 2);
        assertEquals(3, s.outHeight());
        assertEquals(2, s.outWidth());
        assertEquals(6, s.planes());
        assertEquals(2 * 3 * 7 * 6, s.inputSize());
        assertEquals(6 * 3 * 2, s.outputSize());
    }

    @Test
    void badShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(1, 1, 2, 2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(1, 1, 4, 4, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(0, 1, 4, 4, 2, 2));
    }
}
