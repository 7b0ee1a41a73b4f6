package io.simdnn.kernels.elementwise;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;

/**
 * Vector body of {@link Dropout}: the mask hash on int lanes of the same shape as the float
 * lanes (so lane j of both is element i + j), multiplied into the values. The scalar tail uses
 * {@link Dropout#hash}, the same integer operations.
 */
final class DropoutKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private DropoutKernel() {}

    private static IntVector fmix32(IntVector h) {
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85EBCA6B);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xC2B2AE35);
        return h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
    }

    static void apply(int n, int threshold, float scale, long key, MemorySegment in, long inOffset,
                      MemorySegment out, long outOffset) {
        int low = (int) key;
        int high = (int) (key >>> 32);
        IntVector lane = IntVector.zero(INTS).addIndex(1);
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            IntVector h = fmix32(lane.add(i).mul(Dropout.GOLDEN).add(low));
            h = fmix32(h.lanewise(VectorOperators.XOR, high));
            VectorMask<Float> keep = h.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.LT, threshold).cast(SPECIES);
            FloatVector factor = zero.blend(scale, keep);
            FloatVector.fromMemorySegment(SPECIES, in, (inOffset + i) * F, ORDER).mul(factor)
                    .intoMemorySegment(out, (outOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            boolean kept = (Dropout.hash(key, i) >>> 8) < threshold;
            out.setAtIndex(Buffers.FLOAT, outOffset + i, in.getAtIndex(Buffers.FLOAT, inOffset + i) * (kept ? scale : 0f));
        }
    }
}
