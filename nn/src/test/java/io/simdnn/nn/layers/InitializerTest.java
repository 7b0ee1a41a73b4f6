package io.simdnn.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Initializer}: each scheme's deviation, normal samples of it, and names parsed case-insensitively. */
class InitializerTest {
    @Test
    void deviationsFollowTheirFormulas() {
        assertEquals(Math.sqrt(2.0 / 50), Initializer.HE.standardDeviation(50, 10), 1e-15);
        assertEquals(Math.sqrt(1.0 / 50), Initializer.LECUN.standardDeviation(50, 10), 1e-15);
        assertEquals(Math.sqrt(2.0 / 60), Initializer.XAVIER.standardDeviation(50, 10), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(Initializer.class)
    void fillDrawsZeroMeanSamplesOfThatDeviation(Initializer initializer) {
        int count = 40_000;
        try (Arena arena = Arena.ofConfined()) {
            Tensor weights = Tensor.allocate(arena, 200, 200);
            initializer.fill(weights, 200, 100, new SplittableRandom(1));
            double sum = 0, squares = 0;
            for (float w : weights.toArray()) {
                sum += w;
                squares += (double) w * w;
            }
            double std = initializer.standardDeviation(200, 100);
            // 40 000 samples: the mean within 5 standard errors, the deviation within 2%
            assertEquals(0, sum / count, 5 * std / Math.sqrt(count));
            assertEquals(std, Math.sqrt(squares / count), 0.02 * std);
        }
    }

    @Test
    void namesParseInAnyCase() {
        assertEquals(Initializer.HE, Initializer.parse("he"));
        assertEquals(Initializer.LECUN, Initializer.parse(" LeCun "));
        assertEquals(Initializer.XAVIER, Initializer.parse("XAVIER"));
        String message = assertThrows(IllegalArgumentException.class, () -> Initializer.parse("glorot")).getMessage();
        assertEquals("unknown initializer 'glorot' (he, lecun, xavier)", message);
    }
}
