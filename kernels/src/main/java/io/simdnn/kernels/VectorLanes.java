package io.simdnn.kernels;

import jdk.incubator.vector.FloatVector;

/** Isolated so that {@link VectorSupport} can load without the incubator module present. */
final class VectorLanes {
    static final int FLOAT_LANES = FloatVector.SPECIES_PREFERRED.length();

    private VectorLanes() {}
}
