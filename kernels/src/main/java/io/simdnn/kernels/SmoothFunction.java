package io.simdnn.kernels;

/**
 * The smooth activation functions of the element-wise kernels ({@code Activations}). Backward
 * passes use the forward output y (cheaper than recomputing from x). {@link #apply} and
 * {@link #derivativeFromOutput} are the definitions: the scalar reference and the vector kernels'
 * tails use them.
 */
public enum SmoothFunction {
    /** {@code y = tanh(x)}, {@code dy/dx = 1 - y^2}. */
    TANH,
    /** {@code y = 1 / (1 + exp(-x))}, {@code dy/dx = y (1 - y)}. */
    SIGMOID,
    /** LeCun's {@code y = 1.7159 tanh(2x/3)}, {@code dy/dx = (2/3)(1.7159 - y^2 / 1.7159)}. */
    SCALED_TANH;

    /** The scaled tanh's amplitude, 1.7159 (so that f(1) = 1 and f(-1) = -1). */
    public static final float SCALE = 1.7159f;

    /**
     * {@code f(x)}, computed in double and rounded to float.
     *
     * @param x the input
     * @return {@code f(x)}
     */
    public float apply(float x) {
        return switch (this) {
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
            case SCALED_TANH -> (float) (SCALE * Math.tanh(x * (2.0 / 3)));
        };
    }

    /**
     * {@code f'} expressed through the output {@code y = f(x)}.
     *
     * @param y the forward output {@code f(x)}
     * @return {@code f'(x)}
     */
    public float derivativeFromOutput(float y) {
        return switch (this) {
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
            case SCALED_TANH -> (float) ((2.0 / 3) * (SCALE - y * y / SCALE));
        };
    }
}
