package io.simdnn.kernels.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums of a vector's lanes in one fixed order. {@code reduceLanes(ADD)} leaves the order of a
 * floating-point reduction unspecified, and the JIT-compiled and interpreted forms do differ in
 * the last bit; since which form runs depends on timing (and so on the thread count), kernels that
 * promise bit-identical results use this instead: halves are added pairwise (lanewise adds, exact
 * in either form) until one lane is left.
 */
public final class LaneSums {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> FOLD_8 = fold(8);
    private static final VectorShuffle<Float> FOLD_4 = fold(4);
    private static final VectorShuffle<Float> FOLD_2 = fold(2);
    private static final VectorShuffle<Float> FOLD_1 = fold(1);

    private LaneSums() {}

    /** Lane i takes lane i + distance (wrapping): adding it folds the upper part onto the lower. */
    private static VectorShuffle<Float> fold(int distance) {
        return VectorShuffle.fromOp(SPECIES, i -> (i + distance) % SPECIES.length());
    }

    /** {@code v[0] + v[1] + ...} summed as a fixed binary tree. */
    public static float sum(FloatVector v) {
        int lanes = SPECIES.length();
        if (lanes > 16) { // wider than any x86 vector of floats: plain lane order
            float sum = 0;
            for (int i = 0; i < lanes; i++) {
                sum += v.lane(i);
            }
            return sum;
        }
        if (lanes >= 16) {
            v = v.add(v.rearrange(FOLD_8));
        }
        if (lanes >= 8) {
            v = v.add(v.rearrange(FOLD_4));
        }
        if (lanes >= 4) {
            v = v.add(v.rearrange(FOLD_2));
        }
        if (lanes >= 2) {
            v = v.add(v.rearrange(FOLD_1));
        }
        return v.lane(0);
    }
}
