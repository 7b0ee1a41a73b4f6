package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.simdnn.kernels.KernelThreads;
import org.junit.jupiter.api.Test;

/** {@link Model}: training steps of a model with every stateful layer give the same bits for 1 and 2 kernel threads. */
class ModelTest {
    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        int saved = KernelThreads.parallelism();
        try {
            float[][][] results = new float[2][][];
            for (int threads = 1; threads <= 2; threads++) {
                KernelThreads.setParallelism(threads);
                try (Model model = TestModels.model(3)) {
                    results[threads - 1] = TestModels.train(model, 3);
                }
            }
            for (int i = 0; i < results[0].length; i++) {
                assertArrayEquals(results[0][i], results[1][i], "tensor " + i);
            }
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }
}
