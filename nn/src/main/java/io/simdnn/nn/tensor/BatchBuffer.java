package io.simdnn.nn.tensor;

import java.lang.foreign.Arena;

/**
 * A tensor sized for the largest batch that hands out views of its first rows for the batch at
 * hand. The view for the last batch size asked for is kept, so steady-state training, where every
 * step has the same batch size, creates no objects; a new size (the last, partial batch of an
 * epoch) costs one view.
 */
public final class BatchBuffer {
    private final Tensor full;
    private Tensor view;

    /** A zeroed buffer of {@code shape}, whose first dimension is the largest batch. */
    public BatchBuffer(Arena arena, int... shape) {
        this(Tensor.allocate(arena, shape));
    }

    /** Views of {@code full}, whose first dimension is the largest batch. */
    public BatchBuffer(Tensor full) {
        this.full = full;
        this.view = full;
    }

    /** The first {@code batch} rows (all dimensions but the first as allocated), sharing memory. */
    public Tensor rows(int batch) {
        if (view.dim(0) != batch) {
            view = full.firstRows(batch);
        }
        return view;
    }

    /** The whole buffer. */
    public Tensor full() {
        return full;
    }
}
