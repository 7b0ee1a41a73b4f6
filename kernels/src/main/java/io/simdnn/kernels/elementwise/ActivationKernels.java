package io.simdnn.kernels.elementwise;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.SmoothFunction;
import io.simdnn.kernels.internal.TypedSegments;

/**
 * Vector bodies of {@link Activations}: one pass over memory, full vectors in the main loop, scalar
 * tails. Arguments are validated by {@link Activations}. Bound by memory bandwidth, not arithmetic.
 */
final class ActivationKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER);
    }

    private ActivationKernels() {}

    static void relu(long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            TypedSegments.store(load(x, xOffset + i).max(0f), y, (yOffset + i) * F);
        }
        for (; i < n; i++) {
            y.setAtIndex(JAVA_FLOAT, yOffset + i, Math.max(x.getAtIndex(JAVA_FLOAT, xOffset + i), 0f));
        }
    }

    static void reluBackward(long n, MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                             MemorySegment dx, long dxOffset) {
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            // "active" is x > 0, as in the scalar tail: a NaN x is inactive (NaN <= 0 is false too, so
            // masking by "x <= 0" would pass the gradient of a NaN input)
            VectorMask<Float> active = load(x, xOffset + i).compare(VectorOperators.GT, 0f);
            TypedSegments.store(load(dy, dyOffset + i).blend(0f, active.not()), dx, (dxOffset + i) * F);
        }
        for (; i < n; i++) {
            boolean active = x.getAtIndex(JAVA_FLOAT, xOffset + i) > 0;
            dx.setAtIndex(JAVA_FLOAT, dxOffset + i, active ? dy.getAtIndex(JAVA_FLOAT, dyOffset + i) : 0f);
        }
    }

    /*
     * The smooth activations choose their formula once per call, outside the loop: with the
     * switch inside, one loop merges the three formulas' vectors, and in a JVM that has run all
     * three (as the test suite does) C2 may compile it boxing those vectors, so that every
     * training step allocates. Each formula's loop lives in the dispatcher itself rather than in a
     * method of its own (as GemmEpilogueKernel's): a small layer's activation is one short call per
     * step, and such a method could stay at a C1 tier, boxing its vectors, while the dispatcher,
     * which every activation of the step calls, reaches C2 (an AVX2 JVM of the steady-state test
     * still allocated 4 KB per step after 185,000 steps of its small tanh and sigmoid layers).
     */

    static void smoothForward(SmoothFunction f, long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        long bound = SPECIES.loopBound(n);
        switch (f) {
            case TANH, SCALED_TANH -> {
                // y = outer * tanh(inner * x)
                float inner = f == SmoothFunction.TANH ? 1f : 2f / 3;
                float outer = f == SmoothFunction.TANH ? 1f : SmoothFunction.SCALE;
                for (long i = 0; i < bound; i += LANES) {
                    load(x, xOffset + i).mul(inner).lanewise(VectorOperators.TANH).mul(outer)
                            .intoMemorySegment(y, (yOffset + i) * F, ORDER);
                }
            }
            case SIGMOID -> {
                // y = 1 / (1 + e^-x)
                FloatVector one = FloatVector.broadcast(SPECIES, 1f);
                for (long i = 0; i < bound; i += LANES) {
                    one.div(load(x, xOffset + i).neg().lanewise(VectorOperators.EXP).add(1f))
                            .intoMemorySegment(y, (yOffset + i) * F, ORDER);
                }
            }
        }
        for (long i = bound; i < n; i++) {
            y.setAtIndex(JAVA_FLOAT, yOffset + i, f.apply(x.getAtIndex(JAVA_FLOAT, xOffset + i)));
        }
    }

    static void smoothBackward(SmoothFunction f, long n, MemorySegment y, long yOffset, MemorySegment dy, long dyOffset,
                               MemorySegment dx, long dxOffset) {
        long bound = SPECIES.loopBound(n);
        switch (f) {
            case TANH, SCALED_TANH -> {
                // outer * tanh(inner * x) has the slope inner * (outer - y^2 / outer): tanh 1 - y^2
                float outer = f == SmoothFunction.TANH ? 1f : SmoothFunction.SCALE;
                float inner = f == SmoothFunction.TANH ? 1f : (float) (2.0 / 3);
                for (long i = 0; i < bound; i += LANES) {
                    FloatVector out = load(y, yOffset + i);
                    FloatVector slope = out.mul(out).div(-outer).add(outer).mul(inner);
                    load(dy, dyOffset + i).mul(slope).intoMemorySegment(dx, (dxOffset + i) * F, ORDER);
                }
            }
            case SIGMOID -> {
                // dx = dy * y (1 - y)
                for (long i = 0; i < bound; i += LANES) {
                    FloatVector out = load(y, yOffset + i);
                    load(dy, dyOffset + i).mul(out.mul(out.neg().add(1f))).intoMemorySegment(dx, (dxOffset + i) * F, ORDER);
                }
            }
        }
        for (long i = bound; i < n; i++) {
            dx.setAtIndex(JAVA_FLOAT, dxOffset + i,
                    dy.getAtIndex(JAVA_FLOAT, dyOffset + i) * f.derivativeFromOutput(y.getAtIndex(JAVA_FLOAT, yOffset + i)));
        }
    }
}
