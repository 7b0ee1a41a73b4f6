package io.simdnn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import io.simdnn.kernels.Buffers;
import org.junit.jupiter.api.Test;

/**
 * The keep rule at its boundary: an element whose 24-bit hash equals the keep threshold is
 * dropped ({@code hash < threshold} keeps). Random inputs hit that case once in 2^24 elements, so
 * the rate is chosen to put the threshold exactly on one element's hash, in the vector body and
 * in the scalar tail.
 */
class DropoutThresholdTest {
    @Test
    void anElementWhoseHashEqualsTheThresholdIsDropped() {
        long key = Dropout.maskKey(7, 3);
        int inBody = firstUsableIndex(key, 0, 1);
        // n = 16 j + 1 leaves exactly one element after the vector body for 4, 8 and 16 lanes: n - 1
        int inTail = firstUsableIndex(key, 64, 16);
        for (int target : new int[] {inBody, inTail}) {
            int n = target == inTail ? inTail + 1 : 64 + 1;
            int hash = Dropout.hash(key, target) >>> 8;
            // rates in (0.5, 1) are multiples of 2^-24, so this rate's threshold is exactly the hash
            float rate = (float) (1 - hash / (double) (1 << 24));
            assertEquals(hash, Dropout.keepThreshold(rate), "threshold of rate " + rate);
            float[] x = new float[n];
            Arrays.fill(x, 1f);
            float[] y = new float[n];
            Dropout.forward(n, rate, key, Buffers.wrap(x), 0, Buffers.wrap(y), 0);
            assertEquals(0f, y[target], "element " + target + " of " + n + " (hash == threshold) must be dropped");
        }
    }

    /** The first index from {@code from} in steps of {@code step} whose 24-bit hash is in (0, 2^23), where rates are exact. */
    private static int firstUsableIndex(long key, int from, int step) {
        for (int index = from; ; index += step) {
            int hash = Dropout.hash(key, index) >>> 8;
            if (hash > 0 && hash < (1 << 23)) {
                return index;
            }
        }
    }
}
