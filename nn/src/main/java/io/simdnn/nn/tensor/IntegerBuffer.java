package io.simdnn.nn.tensor;

import java.util.Arrays;

/**
 * An integer tensor a model carries in its checkpoints but never computes with: batch
 * normalization's {@code num_batches_tracked}, the {@code I64} scalar PyTorch keeps beside the
 * running statistics. Values live on the heap (these tensors are tiny); the type is the one the
 * owning layer declares, and the one files are written with.
 */
public final class IntegerBuffer {
    private final IntegerType type;
    private final int[] shape;
    private final long[] values;

    /**
     * A zeroed buffer of {@code type} and {@code shape}.
     *
     * @param type  the element type
     * @param shape the dimensions ({@code []} for a scalar, as PyTorch stores counters)
     * @throws ArithmeticException if the element count exceeds an {@code int}
     */
    public IntegerBuffer(IntegerType type, int... shape) {
        this.type = type;
        this.shape = shape.clone();
        this.values = new long[Math.toIntExact(Tensor.product(shape))];
    }

    /**
     * The element type.
     *
     * @return the type the buffer holds and is written with
     */
    public IntegerType type() {
        return type;
    }

    /**
     * The shape.
     *
     * @return a copy of the dimensions ({@code []} for a scalar)
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of elements.
     *
     * @return the product of the shape (1 for a scalar)
     */
    public int size() {
        return values.length;
    }

    /**
     * One element.
     *
     * @param index the element's position in row-major order
     * @return its value, held as {@link #type()} holds it
     * @throws ArrayIndexOutOfBoundsException if {@code index} is not below {@link #size()}
     */
    public long get(int index) {
        return values[index];
    }

    /**
     * Sets element {@code index} in row-major order.
     *
     * @param index the element's position in row-major order
     * @param value the new value, as {@link #type()} holds it
     * @throws ArrayIndexOutOfBoundsException if {@code index} is not below {@link #size()}
     * @throws IllegalArgumentException if {@code value} is not a value of {@link #type()}
     */
    public void set(int index, long value) {
        if (!type.holds(value)) {
            throw new IllegalArgumentException("value " + value + " does not fit " + type);
        }
        values[index] = value;
    }

    /**
     * Adds one to element 0 (a counter; allocation-free, for training steps).
     *
     * @throws IllegalStateException if the result would not fit {@link #type()}
     */
    public void increment() {
        if (values[0] == Long.MAX_VALUE || !type.holds(values[0] + 1)) {
            throw new IllegalStateException("counter " + values[0] + " of type " + type + " cannot grow");
        }
        values[0]++;
    }

    /**
     * All elements.
     *
     * @return a copy of the values in row-major order
     */
    public long[] values() {
        return values.clone();
    }

    /**
     * Replaces every element with {@code source}, values held as {@code sourceType} holds them
     * (a file may store a counter in another integer type), converted to this buffer's type.
     * Nothing is written unless every value converts.
     *
     * @param sourceType the type {@code source}'s values are held as
     * @param source     {@link #size()} values in row-major order; only read
     * @throws IllegalArgumentException if the count differs or a value does not fit this type
     */
    public void assign(IntegerType sourceType, long[] source) {
        if (source.length != values.length) {
            throw new IllegalArgumentException("need " + values.length + " values, got " + source.length);
        }
        long[] converted = new long[source.length];
        for (int i = 0; i < source.length; i++) {
            converted[i] = type.convert(sourceType, source[i]);
        }
        System.arraycopy(converted, 0, values, 0, values.length);
    }

    @Override
    public String toString() {
        return "IntegerBuffer" + type + Arrays.toString(shape);
    }
}
