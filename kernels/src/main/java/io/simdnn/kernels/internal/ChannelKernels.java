package io.simdnn.kernels.internal;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies for per-channel work on {@code N x C x S} tensors. A channel's values come in
 * runs of {@code spatial} consecutive floats (one per sample); these helpers vectorize along a
 * run with the channel's coefficients broadcast. When {@code spatial == 1} the runs are single
 * values, so callers vectorize across channels instead (the row bodies of
 * {@link ElementwiseKernels} and the batch-norm kernels). Arguments are validated by the public
 * classes.
 */
public final class ChannelKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private ChannelKernels() {}

    private static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER);
    }

    /** Sum of {@code length} floats from {@code start}: lanes, then the lanes reduced, then the tail. */
    public static float runSum(MemorySegment x, long start, int length) {
        int i = 0;
        float sum = 0;
        if (length >= LANES) {
            FloatVector lanes = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
                lanes = lanes.add(load(x, start + i));
            }
            sum = LaneSums.sum(lanes);
        }
        for (; i < length; i++) {
            sum += x.getAtIndex(JAVA_FLOAT, start + i);
        }
        return sum;
    }

    /** {@code sum of a[i] * (b[i] - center)} over a run; with {@code a == b} the squared deviations. */
    public static float runCenteredDot(MemorySegment a, MemorySegment b, long start, int length, float center) {
        int i = 0;
        float sum = 0;
        if (length >= LANES) {
            FloatVector lanes = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
                FloatVector centered = load(b, start + i).sub(center);
                FloatVector weight = a == b ? centered : load(a, start + i);
                lanes = lanes.add(weight.mul(centered));
            }
            sum = LaneSums.sum(lanes);
        }
        for (; i < length; i++) {
            float centered = b.getAtIndex(JAVA_FLOAT, start + i) - center;
            float weight = a == b ? centered : a.getAtIndex(JAVA_FLOAT, start + i);
            sum += weight * centered;
        }
        return sum;
    }

    /** {@code y[i] = (x[i] - center) * scale + shift} over a run (y may be x). */
    public static void runAffine(MemorySegment x, MemorySegment y, long start, int length, float center, float scale, float shift) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            load(x, start + i).sub(center).mul(scale).add(shift).intoMemorySegment(y, (start + i) * F, ORDER);
        }
        for (; i < length; i++) {
            y.setAtIndex(JAVA_FLOAT, start + i, (x.getAtIndex(JAVA_FLOAT, start + i) - center) * scale + shift);
        }
    }

    /** {@code dx[i] = dy[i] * a + (x[i] - center) * b + c} over a run. */
    public static void runTwoInputAffine(MemorySegment dy, MemorySegment x, MemorySegment dx, long start, int length,
                                  float center, float a, float b, float c) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
            FloatVector scaled = load(dy, start + i).mul(a);
            load(x, start + i).sub(center).mul(b).add(scaled).add(c).intoMemorySegment(dx, (start + i) * F, ORDER);
        }
        for (; i < length; i++) {
            float scaled = dy.getAtIndex(JAVA_FLOAT, start + i) * a;
            dx.setAtIndex(JAVA_FLOAT, start + i, (x.getAtIndex(JAVA_FLOAT, start + i) - center) * b + scaled + c);
        }
    }
}
