package io.simdnn.kernels.gemm;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.GemmEpilogue;

/**
 * Applies a {@link GemmEpilogue} to a block of C that the calling thread has just computed (so it
 * is still in this core's caches): whole vectors along each row, then the columns left over one
 * by one. One vector method per kind, chosen once per block: a loop that merged the kinds'
 * vectors could be compiled boxing them.
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
        if (epilogue.kind() == GemmEpilogue.Kind.NONE) {
            return;
        }
        long cStart = cOffset + (long) row0 * ldc + col0;
        int vectorColumns = SPECIES.loopBound(cols);
        // the vector methods are called only with at least one whole vector per row, so C2 never
        // compiles their loops as not taken (a 10-class output has none): code compiled so, the
        // first wider row would send back to the interpreter, boxing every vector until recompiled
        if (vectorColumns > 0) {
            MemorySegment operand = epilogue.operand();
            switch (epilogue.kind()) {
                case BIAS -> addBias(rows, vectorColumns, operand, epilogue.offset() + col0, c, cStart, ldc);
                case BIAS_RELU -> addBiasRelu(rows, vectorColumns, operand, epilogue.offset() + col0, c, cStart, ldc);
                case RELU_GRADIENT -> maskByPositive(rows, vectorColumns, operand,
                        epilogue.offset() + (long) row0 * epilogue.ld() + col0, epilogue.ld(), c, cStart, ldc);
                default -> throw new AssertionError(epilogue.kind());
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = vectorColumns; j < cols; j++) {
                long index = cStart + (long) i * ldc + j;
                c.setAtIndex(JAVA_FLOAT, index, epilogue.apply(c.getAtIndex(JAVA_FLOAT, index), row0 + i, col0 + j));
            }
        }
    }

    private static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER);
    }

    /** The first {@code width} columns (whole vectors) of {@code rows} rows from element {@code c0}. */
    private static void addBias(int rows, int width, MemorySegment bias, long b, MemorySegment c, long c0, int ldc) {
        for (int i = 0; i < rows; i++) {
            long row = c0 + (long) i * ldc;
            for (int j = 0; j < width; j += LANES) {
                load(c, row + j).add(load(bias, b + j)).intoMemorySegment(c, (row + j) * F, ORDER);
            }
        }
    }

    private static void addBiasRelu(int rows, int width, MemorySegment bias, long b, MemorySegment c, long c0, int ldc) {
        for (int i = 0; i < rows; i++) {
            long row = c0 + (long) i * ldc;
            for (int j = 0; j < width; j += LANES) {
                load(c, row + j).add(load(bias, b + j)).max(0f).intoMemorySegment(c, (row + j) * F, ORDER);
            }
        }
    }

    private static void maskByPositive(int rows, int width, MemorySegment x, long x0, int ldx, MemorySegment c, long c0, int ldc) {
        for (int i = 0; i < rows; i++) {
            long row = c0 + (long) i * ldc;
            long xRow = x0 + (long) i * ldx;
            for (int j = 0; j < width; j += LANES) {
                // "x > 0" as Activations.reluBackward: NaN fails it, so a NaN x passes no gradient
                VectorMask<Float> inactive = load(x, xRow + j).compare(VectorOperators.GT, 0f).not();
                load(c, row + j).blend(0f, inactive).intoMemorySegment(c, (row + j) * F, ORDER);
            }
        }
    }
}
