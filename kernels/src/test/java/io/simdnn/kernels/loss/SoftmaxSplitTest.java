package io.simdnn.kernels.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceSoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

/**
 * Softmax-cross-entropy over batches of several blocks of rows (a partial last block, an odd k,
 * padding between rows, offsets): the same loss and outputs at 1 and 2 threads, bit for bit, in
 * place and out of place, and the reference's values within the property tests' tolerance.
 */
class SoftmaxSplitTest {
    private static final long LOGITS_OFFSET = 5;
    private static final long OUT_OFFSET = 3;

    /** A call's loss and outputs (rows without their padding). */
    private record Results(float loss, float[] gradient, float inPlaceLoss, float[] inPlaceGradient, float[] probabilities) {}

    @Test
    void blocksGiveTheSameResultsForAnyThreadCount() {
        check(999, 1003, 3 * SoftmaxSplit.rowsPerBlock(999) + 17); // 4 blocks, the last of 17 rows
        check(7, 7, 2 * SoftmaxSplit.rowsPerBlock(7) + 1);          // narrow rows, a last block of one row
    }

    private static void check(int k, int ld, int n) {
        int saved = KernelThreads.parallelism();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment logits = TestBuffers.random(arena, (long) n * ld + LOGITS_OFFSET, new SplittableRandom(k), 8);
            int[] labels = new SplittableRandom(n).ints(n, 0, k).toArray();
            KernelThreads.setParallelism(1);
            Results one = run(arena, n, k, ld, logits, labels);
            KernelThreads.setParallelism(2);
            Results two = run(arena, n, k, ld, logits, labels);

            for (Results r : new Results[] {one, two}) {
                assertArrayEquals(r.gradient(), r.inPlaceGradient(), "in place");
                assertEquals(Float.floatToIntBits(r.loss()), Float.floatToIntBits(r.inPlaceLoss()), "in-place loss");
            }
            assertEquals(Float.floatToIntBits(one.loss()), Float.floatToIntBits(two.loss()), "loss, 2 threads");
            assertArrayEquals(one.gradient(), two.gradient(), "gradient, 2 threads");
            assertArrayEquals(one.probabilities(), two.probabilities(), "softmax, 2 threads");

            MemorySegment gradRef = TestBuffers.poisoned(arena, (long) n * ld + OUT_OFFSET);
            float lossRef = ReferenceSoftmaxCrossEntropy.lossAndGradient(n, k, logits, LOGITS_OFFSET, ld, labels, 0, gradRef, OUT_OFFSET, ld);
            // the tolerance of SoftmaxCrossEntropyProperties: float exp and k-term sums against double
            assertEquals(lossRef, one.loss(), SoftmaxCrossEntropyProperties.lossTolerance(k, lossRef));
            float[] expected = rows(gradRef, OUT_OFFSET, n, k, ld);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], one.gradient()[i], SoftmaxCrossEntropyProperties.gradientTolerance(expected[i], i % k == labels[i / k], k, n),
                        "gradient " + i);
            }
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    private static Results run(Arena arena, int n, int k, int ld, MemorySegment logits, int[] labels) {
        MemorySegment grad = TestBuffers.poisoned(arena, (long) n * ld + OUT_OFFSET);
        float loss = SoftmaxCrossEntropy.lossAndGradient(n, k, logits, LOGITS_OFFSET, ld, labels, 0, grad, OUT_OFFSET, ld);
        MemorySegment inPlace = Buffers.copyOf(arena, Buffers.toArray(logits));
        float inPlaceLoss = SoftmaxCrossEntropy.lossAndGradient(n, k, inPlace, LOGITS_OFFSET, ld, labels, 0, inPlace, LOGITS_OFFSET, ld);
        MemorySegment p = TestBuffers.poisoned(arena, (long) n * ld + OUT_OFFSET);
        SoftmaxCrossEntropy.softmax(n, k, logits, LOGITS_OFFSET, ld, p, OUT_OFFSET, ld);
        return new Results(loss, rows(grad, OUT_OFFSET, n, k, ld), inPlaceLoss, rows(inPlace, LOGITS_OFFSET, n, k, ld),
                rows(p, OUT_OFFSET, n, k, ld));
    }

    /** The n x k values at offset, without the padding between rows. */
    private static float[] rows(MemorySegment m, long offset, int n, int k, int ld) {
        float[] values = new float[n * k];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                values[r * k + j] = Buffers.get(m, offset + (long) r * ld + j);
            }
        }
        return values;
    }
}
