package io.simdnn.kernels;

import static io.simdnn.kernels.Transpose.NO_TRANSPOSE;
import static io.simdnn.kernels.Transpose.TRANSPOSE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.kernels.reference.ReferenceGemm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments are rejected up front with a message naming the operand; C stays untouched. */
class GemmArgumentsTest {
    private final float[] a = filled(4 * 3, 1f);   // 4 x 3
    private final float[] b = filled(3 * 5, 2f);   // 3 x 5
    private final float[] c = filled(4 * 5, 7f);   // 4 x 5

    private void assertRejected(String messagePart, Executable call) {
        float[] before = c.clone();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(messagePart),
                "message '" + error.getMessage() + "' should mention '" + messagePart + "'");
        assertArrayEquals(before, c, "C changed although the call was rejected");
    }

    @Test
    void negativeSizes() {
        assertRejected("M must be >= 0", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, -1, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5));
        assertRejected("N must be >= 0", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, -5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5));
        assertRejected("K must be >= 0", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, -3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5));
    }

    @Test
    void leadingDimensionsSmallerThanRows() {
        assertRejected("A (M x K) is 4 x 3; its leading dimension must be >= 3, got 2", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 2, b, 0, 5, 0f, c, 0, 5));
        assertRejected("A (stored transposed, K x M) is 3 x 4; its leading dimension", () -> Gemm.sgemm(TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5));
        assertRejected("B (K x N) is 3 x 5; its leading dimension", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 5));
        assertRejected("B (stored transposed, N x K) is 5 x 3; its leading dimension", () -> Gemm.sgemm(NO_TRANSPOSE, TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 5));
        assertRejected("C (M x N) is 4 x 5; its leading dimension", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 4));
    }

    @Test
    void offsetsAndExtentsPastTheEnd() {
        assertRejected("A (M x K) offset must be >= 0", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, -1, 3, b, 0, 5, 0f, c, 0, 5));
        assertRejected("needs 13 floats but its segment holds 12", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 1, 3, b, 0, 5, 0f, c, 0, 5));
        assertRejected("B (K x N", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 6, 0f, c, 0, 5));
        assertRejected("C (M x N", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 3, 5));
        assertRejected("C (M x N", () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 5, 5, 3, 1f, filled(15, 1f), 0, 3, b, 0, 5, 0f, c, 0, 5));
    }

    @Test
    void outputOverlappingAnInput() {
        float[] shared = filled(64, 1f);
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 2, 2, 2, 1f, shared, 0, 2, b, 0, 5, 0f, shared, 2, 2));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment whole = Buffers.allocate(arena, 64);
            MemorySegment bSlice = whole.asSlice(0, 32 * Float.BYTES);
            MemorySegment cSlice = whole.asSlice(8 * Float.BYTES, 32 * Float.BYTES); // C [8, 28) meets B [0, 15)
            MemorySegment aSegment = Buffers.copyOf(arena, a);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, aSegment, 0, 3, bSlice, 0, 5, 0f, cSlice, 0, 5));
            assertTrue(error.getMessage().contains("overlap B"), error.getMessage());
            // disjoint slices of one buffer are fine
            MemorySegment cDisjoint = whole.asSlice(40 * Float.BYTES, 20 * Float.BYTES);
            Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, aSegment, 0, 3, bSlice, 0, 5, 0f, cDisjoint, 0, 5);
        }
    }

    @Test
    void nullArguments() {
        assertThrows(NullPointerException.class, () -> Gemm.sgemm(null, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5));
        assertThrows(NullPointerException.class, () -> Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, (MemorySegment) null, 0, 3,
                Buffers.wrap(b), 0, 5, 0f, Buffers.wrap(c), 0, 5));
    }

    @Test
    void referenceRejectsTheSameArguments() {
        assertRejected("C (M x N) is 4 x 5; its leading dimension", () -> ReferenceGemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 4));
    }

    @Test
    void emptyProductsAndZeroDepth() {
        float[] before = c.clone();
        Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 0, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5);
        Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 0, 3, 1f, a, 0, 3, b, 0, 5, 0f, c, 0, 5);
        assertArrayEquals(before, c);
        // K == 0: C = beta * C
        Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 0, 1f, a, 0, 3, b, 0, 5, 0.5f, c, 0, 5);
        assertArrayEquals(filled(20, 3.5f), c);
    }

    @Test
    void alphaZeroReadsNeitherAnorB() {
        float[] nanA = filled(12, Float.NaN);
        float[] nanB = filled(15, Float.NaN);
        Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 0f, nanA, 0, 3, nanB, 0, 5, 2f, c, 0, 5);
        assertArrayEquals(filled(20, 14f), c);
    }

    @Test
    void betaZeroNeverReadsC() {
        float[] poisoned = filled(20, Float.NaN);
        Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 3, 1f, a, 0, 3, b, 0, 5, 0f, poisoned, 0, 5);
        assertArrayEquals(filled(20, 6f), poisoned); // each element: 3 terms of 1 x 2
        float[] zeroK = filled(20, Float.NaN);
        Gemm.sgemm(NO_TRANSPOSE, NO_TRANSPOSE, 4, 5, 0, 1f, a, 0, 3, b, 0, 5, 0f, zeroK, 0, 5);
        assertArrayEquals(filled(20, 0f), zeroK);
        assertEquals(0f, zeroK[19]);
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        Arrays.fill(values, value);
        return values;
    }
}
