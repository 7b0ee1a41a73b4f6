package io.simdnn.nn.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import io.simdnn.kernels.Buffers;

/**
 * A shape and the off-heap floats behind it, row-major. The first dimension is the batch for
 * activations; parameters have their own shapes (a dense weight is {@code [out, in]}, as in
 * PyTorch). Memory comes from the owning model's arena and is freed when the model closes.
 * Two tensors are equal when they have the same shape over the same segment (the same memory,
 * not equal values).
 *
 * @param shape the dimensions, outermost first (copied in and out)
 * @param data  the floats, element {@code (i0, i1, ...)} at the row-major flat index; at least
 *              {@code product(shape)} floats (a longer segment is allowed, its tail is not part
 *              of the tensor)
 */
public record Tensor(int[] shape, MemorySegment data) {
    /**
     * A tensor over {@code data}, which is not copied.
     *
     * @throws IllegalArgumentException if a dimension is negative or {@code data} holds fewer than
     *         {@code product(shape)} floats
     */
    public Tensor {
        shape = shape.clone();
        long size = product(shape);
        if (Buffers.floatCount(data) < size) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + size
                    + " floats, its segment holds " + Buffers.floatCount(data));
        }
    }

    /**
     * A zeroed tensor of {@code shape} from {@code arena}, aligned as {@link Buffers#allocate}.
     *
     * @param arena the arena that owns the memory
     * @param shape the dimensions, each at least 0
     * @return the new tensor
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static Tensor allocate(Arena arena, int... shape) {
        return new Tensor(shape, Buffers.allocate(arena, product(shape)));
    }

    /**
     * The number of elements of a shape.
     *
     * @param shape the dimensions
     * @return their product (1 for no dimensions)
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static long product(int... shape) {
        long size = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= dimension;
        }
        return size;
    }

    /**
     * The number of elements.
     *
     * @return the product of the dimensions
     */
    public long size() {
        return product(shape);
    }

    /**
     * One dimension.
     *
     * @param index which dimension, 0 for the outermost (the batch of an activation)
     * @return its size
     * @throws ArrayIndexOutOfBoundsException if the tensor has no such dimension
     */
    public int dim(int index) {
        return shape[index];
    }

    /**
     * Elements per leading index: a sample's features, or a weight row.
     *
     * @return {@code size() / shape[0]} (the whole size when {@code shape[0]} is 0)
     */
    public int rowLength() {
        return (int) (size() / Math.max(1, shape[0]));
    }

    /**
     * The dimensions.
     *
     * @return a copy of the shape, outermost first
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The first {@code rows} entries along the batch dimension, sharing memory: writes through
     * either tensor are seen by the other.
     *
     * @param rows entries to keep, in {@code [0, dim(0)]}
     * @return a view of shape {@code [rows, dim(1), ...]} over the start of {@code data}
     * @throws IndexOutOfBoundsException if {@code rows} exceeds {@code dim(0)}
     */
    public Tensor firstRows(int rows) {
        int[] viewShape = shape.clone();
        viewShape[0] = rows;
        return new Tensor(viewShape, data.asSlice(0, product(viewShape) * Buffers.FLOAT_BYTES));
    }

    /**
     * The same memory seen with another shape of the same size (a reshape without copying), e.g.
     * a batch of C x H x W samples as N x (C*H*W) rows. The view aliases this tensor's memory.
     *
     * @param newShape the dimensions of the view
     * @return a tensor of {@code newShape} over the same segment
     * @throws IllegalArgumentException if {@code newShape} has a different number of elements
     */
    public Tensor view(int... newShape) {
        if (product(newShape) != size()) {
            throw new IllegalArgumentException("cannot view a tensor of shape " + Arrays.toString(shape) + " (" + size()
                    + " values) as " + Arrays.toString(newShape) + " (" + product(newShape) + " values)");
        }
        return new Tensor(newShape, data);
    }

    /**
     * Copies the elements out.
     *
     * @return a new array of {@link #size()} floats, row-major
     */
    public float[] toArray() {
        return data.asSlice(0, size() * Buffers.FLOAT_BYTES).toArray(Buffers.FLOAT);
    }

    /**
     * Whether {@code other} is a tensor of the same shape over an equal segment (the same memory;
     * values are not compared).
     *
     * @param other any object
     * @return whether the two are the same view of the same memory
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    /**
     * A hash of the shape and the segment, consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + data.hashCode();
    }

    /**
     * The shape, for messages.
     *
     * @return e.g. {@code Tensor[64, 10]}
     */
    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
