package io.simdnn.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Scratch for {@link Conv2d}: the column matrix, the GEMM product and the column gradient. A
 * layer keeps one workspace and passes it to every call; buffers grow to the largest shape seen
 * and are then reused, so steady-state calls allocate nothing. The memory lives in a shared arena
 * owned by the workspace (kernel threads fill it); {@link #close()} frees it.
 */
public final class ConvWorkspace implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private MemorySegment columns = MemorySegment.NULL;
    private MemorySegment product = MemorySegment.NULL;
    private MemorySegment gradColumns = MemorySegment.NULL;
    private MemorySegment partials = MemorySegment.NULL;

    MemorySegment columns(long floats) {
        if (Buffers.floatCount(columns) < floats) {
            columns = Buffers.allocate(arena, floats);
        }
        return columns;
    }

    MemorySegment product(long floats) {
        if (Buffers.floatCount(product) < floats) {
            product = Buffers.allocate(arena, floats);
        }
        return product;
    }

    MemorySegment gradColumns(long floats) {
        if (Buffers.floatCount(gradColumns) < floats) {
            gradColumns = Buffers.allocate(arena, floats);
        }
        return gradColumns;
    }

    /** Per-chunk weight gradients when Conv2d splits the weight-gradient reduction. */
    MemorySegment partials(long floats) {
        if (Buffers.floatCount(partials) < floats) {
            partials = Buffers.allocate(arena, floats);
        }
        return partials;
    }

    /** Frees the scratch memory; the workspace must not be used afterwards. */
    @Override
    public void close() {
        arena.close();
    }
}
