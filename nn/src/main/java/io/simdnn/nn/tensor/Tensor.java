package io.simdnn.nn.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import io.simdnn.kernels.Buffers;

/**
 * A shape and the off-heap floats behind it, row-major. The first dimension is the batch for
 * activations; parameters have their own shapes (a dense weight is {@code [out, in]}, as in
 * PyTorch). Memory comes from the owning model's arena and is freed when the model closes.
 */
public record Tensor(int[] shape, MemorySegment data) {
    public Tensor {
        shape = shape.clone();
        long size = product(shape);
        if (Buffers.floatCount(data) < size) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + size
                    + " floats, its segment holds " + Buffers.floatCount(data));
        }
    }

    public static Tensor allocate(Arena arena, int... shape) {
        return new Tensor(shape, Buffers.allocate(arena, product(shape)));
    }

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

    public long size() {
        return product(shape);
    }

    public int dim(int index) {
        return shape[index];
    }

    /** Elements per leading index: a sample's features, or a weight row. */
    public int rowLength() {
        return (int) (size() / Math.max(1, shape[0]));
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The first {@code rows} entries along the batch dimension, sharing memory. */
    public Tensor firstRows(int rows) {
        int[] viewShape = shape.clone();
        viewShape[0] = rows;
        return new Tensor(viewShape, data.asSlice(0, product(viewShape) * Buffers.FLOAT_BYTES));
    }

    /**
     * The same memory seen with another shape of the same size (a reshape without copying), e.g.
     * a batch of C x H x W samples as N x (C*H*W) rows.
     */
    public Tensor view(int... newShape) {
        if (product(newShape) != size()) {
            throw new IllegalArgumentException("cannot view a tensor of shape " + Arrays.toString(shape) + " (" + size()
                    + " values) as " + Arrays.toString(newShape) + " (" + product(newShape) + " values)");
        }
        return new Tensor(newShape, data);
    }

    public float[] toArray() {
        return data.asSlice(0, size() * Buffers.FLOAT_BYTES).toArray(Buffers.FLOAT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + data.hashCode();
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
