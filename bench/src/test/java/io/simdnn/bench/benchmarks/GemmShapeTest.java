package io.simdnn.bench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simdnn.kernels.Transpose;
import org.junit.jupiter.api.Test;

class GemmShapeTest {
    @Test
    void parsesShapesWithAndWithoutTransposes() {
        GemmShape plain = GemmShape.parse("128x512x784");
        assertEquals(new GemmShape(128, 512, 784, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE), plain);
        GemmShape tn = GemmShape.parse("784x512x128:TN");
        assertEquals(Transpose.TRANSPOSE, tn.transA());
        assertEquals(Transpose.NO_TRANSPOSE, tn.transB());
        assertEquals(784, tn.lda());
        assertEquals(512, tn.ldb());
        assertEquals(2.0 * 784 * 512 * 128, tn.flops());
        assertEquals("784x512x128:TN", tn.toString());
    }

    @Test
    void rejectsMalformedShapes() {
        for (String bad : new String[] {"12x3", "0x4x4", "4x4x4:XN", "axbxc", "4x4x4:NN:NN"}) {
            assertThrows(IllegalArgumentException.class, () -> GemmShape.parse(bad), bad);
        }
    }
}
