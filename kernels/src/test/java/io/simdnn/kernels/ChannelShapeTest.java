package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ChannelShape}: element (n, c, s) at {@code (n C + c) S + s}, M = N S values per channel, and shapes refused. */
class ChannelShapeTest {
    @Test
    void layoutAndSizes() {
        ChannelShape s = new ChannelShape(2, 3, 4);
        assertEquals(24, s.size());
        assertEquals(8, s.valuesPerChannel());
        assertEquals(0, s.runStart(0, 0));
        assertEquals(8, s.runStart(0, 2));
        assertEquals(20, s.runStart(1, 2));
        assertEquals("2 x 3 x 4", s.toString());
    }

    @Test
    void badShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelShape(0, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new ChannelShape(1 << 16, 1 << 16, 1));
    }
}
