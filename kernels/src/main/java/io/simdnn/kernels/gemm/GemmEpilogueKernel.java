package io.simdnn.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.GemmEpilogue;

/**
 * Applies a {@link GemmEpilogue} to a block of C that the calling thread has just computed (so it
 * is still in this core's caches): masked vectors along each row. One method per kind, chosen
 * once per block: a loop that merged the kinds' vectors could be compiled boxing them.
 */
final class GemmEpilogueKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private GemmEpilogueKernel() {}

    /**
     * Rows {@code [row0, row0 + rows)} and columns {@code [col0, col0 + cols)} of C, whose element
     * (i, j) is at {@code cOffset + i * ldc + j}; arguments validated by {@code sgemm}.
     */
    static void apply(GemmEpilogue epilogue, MemorySegment c, long cOffset, int ldc, int row0, int rows, int col0, int cols) {
        MemorySegment operand = epilogue.operand();
        long offset = epilogue.offset();
        switch (epilogue.kind()) {
            case NONE -> { }
            case BIAS -> {
                for (int i = row0; i < row0 + rows; i++) {
                    addBias(cols, operand, offset + col0, c, cOffset + (long) i * ldc + col0);
                }
            }
            case BIAS_RELU -> {
                for (int i = row0; i < row0 + rows; i++) {
                    addBiasRelu(cols, operand, offset + col0, c, cOffset + (long) i * ldc + col0);
                }
            }
            case RELU_GRADIENT -> {
                int ld = epilogue.ld();
                for (int i = row0; i < row0 + rows; i++) {
                    maskByPositive(cols, operand, offset + (long) i * ld + col0, c, cOffset + (long) i * ldc + col0);
                }
            }
        }
    }

    /** The lanes of a row's vector at column j that lie inside its n columns. */
    private static VectorMask<Float> columns(int j, int n) {
        return SPECIES.indexInRange(j, n);
    }

    private static FloatVector load(MemorySegment segment, long index, VectorMask<Float> lanes) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER, lanes);
    }

    /*
     * Each row is covered by masked vectors only, the last one partly: a scalar tail would leave
     * the vector loop unentered for rows narrower than a vector (a 10-class output), and C2,
     * having compiled the method with that loop as never taken, would drop the compiled code the
     * first time a wider row came, running the method boxed until it compiled it again.
     */

    private static void addBias(int n, MemorySegment bias, long b, MemorySegment c, long row) {
        for (int j = 0; j < n; j += LANES) {
            VectorMask<Float> lanes = columns(j, n);
            load(c, row + j, lanes).add(load(bias, b + j, lanes)).intoMemorySegment(c, (row + j) * F, ORDER, lanes);
        }
    }

    private static void addBiasRelu(int n, MemorySegment bias, long b, MemorySegment c, long row) {
        for (int j = 0; j < n; j += LANES) {
            VectorMask<Float> lanes = columns(j, n);
            load(c, row + j, lanes).add(load(bias, b + j, lanes)).max(0f).intoMemorySegment(c, (row + j) * F, ORDER, lanes);
        }
    }

    private static void maskByPositive(int n, MemorySegment x, long xRow, MemorySegment c, long row) {
        for (int j = 0; j < n; j += LANES) {
            VectorMask<Float> lanes = columns(j, n);
            // "x > 0" as Activations.reluBackward: NaN fails it, so a NaN x passes no gradient
            VectorMask<Float> inactive = load(x, xRow + j, lanes).compare(VectorOperators.GT, 0f).not();
            load(c, row + j, lanes).blend(0f, inactive).intoMemorySegment(c, (row + j) * F, ORDER, lanes);
        }
    }
}
