package io.simdnn.nn.layers;

import java.util.Locale;
import java.util.random.RandomGenerator;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.tensor.Tensor;

/** Weight initialization schemes; all draw from the model's one seeded generator. */
public enum Initializer {
    /** He (Kaiming) normal, std sqrt(2 / fan_in): keeps ReLU activations' variance constant. */
    HE,
    /** LeCun normal, std sqrt(1 / fan_in): for tanh-like and SELU units. */
    LECUN,
    /** Xavier (Glorot) normal, std sqrt(2 / (fan_in + fan_out)). */
    XAVIER;

    public double standardDeviation(int fanIn, int fanOut) {
        return switch (this) {
            case HE -> Math.sqrt(2.0 / fanIn);
            case LECUN -> Math.sqrt(1.0 / fanIn);
            case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
        };
    }

    /** Fills {@code weights} with normal samples of this scheme's deviation (initialization is not a hot path). */
    public void fill(Tensor weights, int fanIn, int fanOut, RandomGenerator random) {
        double std = standardDeviation(fanIn, fanOut);
        for (long i = 0; i < weights.size(); i++) {
            Buffers.set(weights.data(), i, (float) (random.nextGaussian() * std));
        }
    }

    public static Initializer parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown initializer '" + name + "' (he, lecun, xavier)");
        }
    }
}
