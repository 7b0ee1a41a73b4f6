package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransposeTest {
    @Test
    void lettersAndFlags() {
        assertEquals('N', Transpose.NO_TRANSPOSE.letter());
        assertEquals('T', Transpose.TRANSPOSE.letter());
        assertTrue(Transpose.TRANSPOSE.isTransposed());
        assertFalse(Transpose.NO_TRANSPOSE.isTransposed());
    }
}
