package io.simdnn.nn.layers;

/**
 * What a layer would allocate for one input shape and batch, computed without allocating: the
 * model adds these up and refuses a model past its off-heap limit before building any layer.
 * Byte counts saturate at {@link Long#MAX_VALUE} instead of overflowing.
 *
 * @param outputShape  one output sample's shape, as {@link Layer#outputShape} will return it
 * @param arenaBytes   the bytes {@link Layer#build} takes from the model's arena: parameters (value,
 *                     gradient and two optimizer states each) and buffers, exactly
 * @param scratchBytes the off-heap bytes the layer's kernels allocate on first use besides (a
 *                     convolution's column matrix and product), at most
 */
public record Footprint(int[] outputShape, long arenaBytes, long scratchBytes) {
    /**
     * A footprint; the shape is copied.
     *
     * @throws IllegalArgumentException if a byte count is negative
     */
    public Footprint {
        if (arenaBytes < 0 || scratchBytes < 0) {
            throw new IllegalArgumentException("byte counts must be >= 0, got " + arenaBytes + " and " + scratchBytes);
        }
        outputShape = outputShape.clone();
    }

    /**
     * One output sample's shape.
     *
     * @return a copy of the shape
     */
    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    /**
     * The bytes of a float buffer of the product of {@code dimensions}.
     *
     * @param dimensions the buffer's dimensions, each at least 0
     * @return 4 times their product, or {@link Long#MAX_VALUE} if that does not fit a long
     */
    public static long floatBytes(long... dimensions) {
        long bytes = Float.BYTES;
        for (long dimension : dimensions) {
            bytes = saturatingMultiply(bytes, dimension);
        }
        return bytes;
    }

    /** The bytes of a parameter of {@code count} values: value, gradient and two optimizer states, as {@code Param.allocate}. */
    static long parameterBytes(long count) {
        return saturatingMultiply(4, floatBytes(count));
    }

    /**
     * The sum of byte counts.
     *
     * @param bytes counts, each at least 0
     * @return their sum, or {@link Long#MAX_VALUE} if that does not fit a long
     */
    public static long sum(long... bytes) {
        long total = 0;
        for (long b : bytes) {
            total = total > Long.MAX_VALUE - b ? Long.MAX_VALUE : total + b;
        }
        return total;
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }
}
