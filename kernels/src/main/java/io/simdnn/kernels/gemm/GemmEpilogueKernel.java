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
 * by one. Each kind has a loop of its own, chosen once per block (a loop that merged the kinds'
 * vectors could be compiled boxing them), and the loops live in {@link #apply} itself: a method
 * per kind, called once or twice per training step, is not reliably inlined by C2 and can stay
 * at a C1 tier, boxing its vectors, while {@code apply} is called for every block.
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
        // the vector loops run only with at least one whole vector per row, so C2 never compiles
        // them as not taken (a 10-class output has none): code compiled so, the first wider row
        // would send back to the interpreter, boxing every vector until recompiled
        if (vectorColumns > 0) {
            MemorySegment operand = epilogue.operand();
            switch (epilogue.kind()) {
                case BIAS, BIAS_RELU -> {
                    // max with -infinity leaves every float as it is (NaN included): one loop for both kinds
                    float floor = epilogue.kind() == GemmEpilogue.Kind.BIAS_RELU ? 0f : Float.NEGATIVE_INFINITY;
                    long bias = (epilogue.offset() + col0) * F;
                    for (int i = 0; i < rows; i++) {
                        long row = (cStart + (long) i * ldc) * F;
                        for (int j = 0; j < vectorColumns; j += LANES) {
                            FloatVector.fromMemorySegment(SPECIES, c, row + j * F, ORDER)
                                    .add(FloatVector.fromMemorySegment(SPECIES, operand, bias + j * F, ORDER)).max(floor)
                                    .intoMemorySegment(c, row + j * F, ORDER);
                        }
                    }
                }
                case RELU_GRADIENT -> {
                    long x0 = epilogue.offset() + (long) row0 * epilogue.ld() + col0;
                    for (int i = 0; i < rows; i++) {
                        long row = (cStart + (long) i * ldc) * F;
                        long xRow = (x0 + (long) i * epilogue.ld()) * F;
                        for (int j = 0; j < vectorColumns; j += LANES) {
                            // "x > 0" as Activations.reluBackward: NaN fails it, so a NaN x passes no gradient
                            VectorMask<Float> inactive = FloatVector.fromMemorySegment(SPECIES, operand, xRow + j * F, ORDER)
                                    .compare(VectorOperators.GT, 0f).not();
                            FloatVector.fromMemorySegment(SPECIES, c, row + j * F, ORDER).blend(0f, inactive)
                                    .intoMemorySegment(c, row + j * F, ORDER);
                        }
                    }
                }
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
}
