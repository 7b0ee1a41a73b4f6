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

    /**
     * A zeroed buffer of {@code shape}, whose first dimension is the largest batch.
     *
     * @param arena the arena that owns the memory
     * @param shape the full shape, the largest batch first
     */
    public BatchBuffer(Arena arena, int... shape) {
        this(Tensor.allocate(arena, shape));
    }

    /**
     * Views of {@code full}, whose first dimension is the largest batch.
     *
     * @param full the tensor to hand out views of (not copied)
     */
    public BatchBuffer(Tensor full) {
        this.full = full;
        this.view = full;
    }

    /**
     * The first {@code batch} rows (all dimensions but the first as allocated), sharing memory.
     *
     * @param batch rows, at most the largest batch
     * @return a view of the start of the buffer; the same object as the last call's for the same batch
     */
    public Tensor rows(int batch) {
        if (view.dim(0) != batch) {
            view = full.firstRows(batch);
        }
        return view;
    }

    /**
     * The whole buffer.
     *
     * @return the tensor given or allocated at construction
     */
    public Tensor full() {
        return full;
    }
}
