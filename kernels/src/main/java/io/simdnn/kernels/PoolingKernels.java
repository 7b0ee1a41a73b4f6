package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies of 2x2, stride-2 max and average pooling, the CNN's pooling. The scalar loop compares every
 * window element with a running maximum, a branch that activations mispredict about half the
 * time (about 30 ns per output, 2% of copy bandwidth). Here a vector holds L/2 windows' top-row
 * pairs and another their bottom-row pairs: a swap of neighbouring lanes brings each pair's right
 * element next to its left, a lane-wise compare picks each row's maximum, a second compare picks
 * the row, and {@code compress} packs the even lanes into L/2 outputs.
 *
 * <p>Ties and NaN follow {@link Pooling#maxForward}: the first maximum in window order (top row
 * first, left first) wins, and a NaN beats every number. Used only when a vector has at least 16
 * lanes (AVX-512), where compress is one instruction; the method is kept small, passing no
 * vectors between calls, so that C2 keeps every vector in registers.
 */
final class PoolingKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INDICES = SPECIES.withLanes(int.class);
    private static final int LANES = SPECIES.length();
    private static final int WINDOWS = LANES / 2;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final VectorShuffle<Float> SWAP_NEIGHBOURS = VectorShuffle.fromOp(SPECIES, i -> i ^ 1);
    private static final VectorShuffle<Integer> SWAP_NEIGHBOUR_INDICES = VectorShuffle.fromOp(INDICES, i -> i ^ 1);
    private static final VectorMask<Float> EVEN_LANES = VectorMask.fromLong(SPECIES, 0x5555_5555_5555_5555L);
    private static final IntVector LANE_NUMBERS = IntVector.zero(INDICES).addIndex(1);

    private PoolingKernels() {}

    /** Whether the vector path pays: compress is a single instruction only with AVX-512's 16 lanes. */
    static boolean applies(PoolShape s) {
        return s.kernel() == 2 && s.stride() == 2 && LANES >= 16 && VectorSupport.isEnabled()
                && s.inputSize() <= Integer.MAX_VALUE;
    }

    /**
     * One output row: for {@code j < outWidth}, {@code y[out + j]} = max of x at {@code top + 2j},
     * {@code top + 2j + 1}, {@code top + width + 2j}, {@code top + width + 2j + 1}, and
     * {@code argmax[out + j]} its index in x.
     */
    static void max2x2Row(int outWidth, MemorySegment x, long top, int width, MemorySegment y, int out, int[] argmax) {
        for (int j = 0; j < outWidth; j += WINDOWS) {
            windows(j, Math.min(WINDOWS, outWidth - j), x, top, width, y, out, argmax);
        }
    }

    private static void windows(int j, int count, MemorySegment x, long top, int width, MemorySegment y, int out, int[] argmax) {
        VectorMask<Float> pairs = SPECIES.indexInRange(0, 2 * count);
        long upperStart = top + 2L * j;
        long lowerStart = upperStart + width;
        // rows first, then upper vs lower: on ties this keeps the first maximum in row-major order
        FloatVector upper = FloatVector.fromMemorySegment(SPECIES, x, upperStart * Float.BYTES, ORDER, pairs);
        FloatVector upperRight = upper.rearrange(SWAP_NEIGHBOURS);
        VectorMask<Float> upperRightWins = beats(upperRight, upper);
        FloatVector upperBest = upper.blend(upperRight, upperRightWins);
        IntVector upperIndex = LANE_NUMBERS.add((int) upperStart);
        upperIndex = upperIndex.blend(upperIndex.rearrange(SWAP_NEIGHBOUR_INDICES), upperRightWins.cast(INDICES));
        FloatVector lower = FloatVector.fromMemorySegment(SPECIES, x, lowerStart * Float.BYTES, ORDER, pairs);
        FloatVector lowerRight = lower.rearrange(SWAP_NEIGHBOURS);
        VectorMask<Float> lowerRightWins = beats(lowerRight, lower);
        FloatVector lowerBest = lower.blend(lowerRight, lowerRightWins);
        IntVector lowerIndex = LANE_NUMBERS.add((int) lowerStart);
        lowerIndex = lowerIndex.blend(lowerIndex.rearrange(SWAP_NEIGHBOUR_INDICES), lowerRightWins.cast(INDICES));
        VectorMask<Float> lowerWins = beats(lowerBest, upperBest);
        FloatVector best = upperBest.blend(lowerBest, lowerWins).compress(EVEN_LANES);
        IntVector bestIndex = upperIndex.blend(lowerIndex, lowerWins.cast(INDICES)).compress(EVEN_LANES.cast(INDICES));
        VectorMask<Float> outputs = SPECIES.indexInRange(0, count);
        best.intoMemorySegment(y, (long) (out + j) * Float.BYTES, ORDER, outputs);
        bestIndex.intoArray(argmax, out + j, outputs.cast(INDICES));
    }

    /**
     * One output row of 2x2 stride-2 average pooling: {@code y[out + j]} = the mean of the same four
     * elements as {@link #max2x2Row}, summed as (upper + lower) per column, then the two columns.
     */
    static void average2x2Row(int outWidth, MemorySegment x, long top, int width, MemorySegment y, long out) {
        for (int j = 0; j < outWidth; j += WINDOWS) {
            int count = Math.min(WINDOWS, outWidth - j);
            VectorMask<Float> pairs = SPECIES.indexInRange(0, 2 * count);
            long upperStart = top + 2L * j;
            FloatVector columns = FloatVector.fromMemorySegment(SPECIES, x, upperStart * Float.BYTES, ORDER, pairs)
                    .add(FloatVector.fromMemorySegment(SPECIES, x, (upperStart + width) * Float.BYTES, ORDER, pairs));
            FloatVector means = columns.add(columns.rearrange(SWAP_NEIGHBOURS)).mul(0.25f).compress(EVEN_LANES);
            means.intoMemorySegment(y, (out + j) * Float.BYTES, ORDER, SPECIES.indexInRange(0, count));
        }
    }

    /**
     * Lanes where {@code candidate} replaces {@code best}: larger, or NaN over a number. "Not
     * (candidate <= best)" is true when candidate is larger or either is NaN; excluding a NaN
     * best leaves exactly the rule, in three mask operations.
     */
    private static VectorMask<Float> beats(FloatVector candidate, FloatVector best) {
        return candidate.compare(VectorOperators.LE, best).not().andNot(best.test(VectorOperators.IS_NAN));
    }
}
