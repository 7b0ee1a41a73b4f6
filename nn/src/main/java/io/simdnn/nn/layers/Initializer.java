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

    /**
     * The deviation of this scheme's normal distribution.
     *
     * @param fanIn  inputs per unit (a dense layer's inputs; {@code C*K*K} for a convolution)
     * @param fanOut outputs per input (a dense layer's units; {@code F*K*K} for a convolution)
     * @return the standard deviation
     */
    public double standardDeviation(int fanIn, int fanOut) {
        return switch (this) {
            case HE -> Math.sqrt(2.0 / fanIn);
            case LECUN -> Math.sqrt(1.0 / fanIn);
            case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
        };
    }

    /**
     * Fills {@code weights} with normal samples of mean 0 and this scheme's deviation, in flat
     * order (initialization is not a hot path).
     *
     * @param weights the tensor to overwrite
     * @param fanIn   inputs per unit
     * @param fanOut  outputs per input
     * @param random  the source of the samples
     */
    public void fill(Tensor weights, int fanIn, int fanOut, RandomGenerator random) {
        double std = standardDeviation(fanIn, fanOut);
        for (long i = 0; i < weights.size(); i++) {
            Buffers.set(weights.data(), i, (float) (random.nextGaussian() * std));
        }
    }

    /**
     * The scheme of a name, ignoring case and surrounding blanks.
     *
     * @param name {@code he}, {@code lecun} or {@code xavier}
     * @return the scheme
     * @throws IllegalArgumentException naming the accepted names, for any other
     */
    public static Initializer parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown initializer '" + name + "' (he, lecun, xavier)");
        }
    }
}
