package io.simdnn.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simdnn.kernels.internal.CacheSizes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How two threads share a product ({@link GemmDriver#splitsColumns}), on the 12 x 32 tile of
 * 512-bit vectors with Zen 5's caches: by the split whose busiest thread repeats the least packing.
 */
class GemmSplitTest {
    private static final GemmBlocking ZEN5 = GemmBlocking.derive(12, 32, new CacheSizes(48 * 1024, 1024 * 1024, 32 * 1024 * 1024, "Zen 5"));

    @ParameterizedTest(name = "{0}x{1}x{2} {3}{4}: columns {5}")
    @CsvSource({
            // squares: a column split would transpose all of A on both threads, a row split copies B
            "1024, 1024, 1024, false, false, false",
            "256, 256, 256, false, false, false",
            // thin A read once, wide B read in place: columns, whose halves are balanced
            "32, 12544, 400, false, false, true",
            "16, 50176, 25, false, false, true",
            "128, 512, 784, false, false, true",
            // B stored N x K must be transposed: a row split would transpose all of it twice
            "128, 784, 512, false, true, true",
    })
    void takesTheSplitThatRepeatsLessPacking(int m, int n, int k, boolean transA, boolean transB, boolean columns) {
        assertEquals(columns, GemmDriver.splitsColumns(ZEN5, transA, transB, m, n, k, 2));
    }

    /** A row split shares the B panels larger than the 1 MiB L2 (1024^3: KC 1024 x 1024 columns), not those that fit (512^3). */
    @ParameterizedTest(name = "{0} floats: shared {1}")
    @CsvSource({"1048576, true", "262144, false", "65536, false"})
    void sharesPanelsLargerThanTheL2(long floats, boolean shared) {
        assertEquals(shared, ZEN5.sharesPanel(floats));
    }
}
