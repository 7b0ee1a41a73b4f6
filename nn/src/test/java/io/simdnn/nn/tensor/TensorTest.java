package io.simdnn.nn.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import io.simdnn.kernels.Buffers;
import org.junit.jupiter.api.Test;

/** {@link Tensor}'s views: another shape or fewer rows over the same memory, and no view of another size. */
class TensorTest {
    @Test
    void viewsShareTheMemoryAndAViewOfAnotherSizeIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            Tensor input = Tensor.allocate(arena, 4, 2, 3);
            for (long i = 0; i < input.size(); i++) {
                Buffers.set(input.data(), i, i);
            }
            Tensor flat = input.view(4, 6);
            assertArrayEquals(new int[] {4, 6}, flat.shape());
            assertEquals(input.data(), flat.data());
            assertEquals(6, flat.rowLength());
            Tensor first = input.firstRows(2);
            assertArrayEquals(new int[] {2, 2, 3}, first.shape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, first.toArray());
            String message = assertThrows(IllegalArgumentException.class, () -> input.view(5, 5)).getMessage();
            assertTrue(message.contains("[4, 2, 3] (24 values) as [5, 5] (25 values)"), message);
        }
    }
}
