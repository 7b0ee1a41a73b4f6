package io.simdnn.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The register transposition moves every value's bits, NaN payloads and signed zeros included, to its transposed place. */
class RegisterTransposeTest {
    @Test
    void transposesSixteenBySixteen() {
        assumeTrue(RegisterTranspose.AVAILABLE, "the register transposition serves 512-bit vectors only");
        SplittableRandom random = new SplittableRandom(11);
        float[] in = new float[256];
        for (int i = 0; i < in.length; i++) {
            in[i] = Float.intBitsToFloat(random.nextInt());
        }
        in[17] = -0f;
        in[200] = Float.intBitsToFloat(0x7fc0_1234);
        int[] work = new int[256], out = new int[256];
        RegisterTranspose.transpose(in, work, out);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                assertEquals(Float.floatToRawIntBits(in[i * 16 + j]), out[j * 16 + i], "row " + i + ", lane " + j);
            }
        }
    }
}
