package io.simdnn.kernels.pool;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.PoolShape;

/**
 * Vector bodies of 2x2, stride-2 pooling (the CNN's), a plane per call. The windows do not overlap, so
 * L consecutive outputs of a row read 2L consecutive floats of each of two input rows (two vectors per
 * row) and, backward, write exactly those 2L floats of dx. Forward, a two-source permute splits a row's
 * 2L floats into its L left and its L right columns, after which every window is a lane-wise operation
 * between four vectors; backward, the inverse permute interleaves four vectors of L window values back
 * into two rows of 2L. Permutes run on the floats' bits ({@code vpermi2d}): float permute indices would
 * be converted to int on every use.
 *
 * <p>Each plane runs column steps outside and rows inside: the CNN's planes (width 32, 28, 14) are
 * one step wide, so the rows run in one loop with the step's masks and window counts fixed. With rows
 * outside, every row would enter a one-trip inner loop (and, for max pooling, a call of its step
 * method), whose setup adds about 30% to average-pool backward and about 10% to max-pool backward.
 * Max pooling steps a plane of even width up to L two output rows at a time instead (its second
 * vector is the next output row's upper row rather than the rest of this one), so that a 14-wide
 * plane fills 14 lanes, not 7: a step costs about the same, and half as many run (performance
 * history v25). The lane layouts are tables ({@link #TABLES}); the steps read them, since a vector
 * argument would be boxed.
 *
 * <p>Loads are unmasked: they may run past a row (lanes no output uses) but must stay inside the
 * operand, which {@link #forwardPlanesInReach} and {@link #backwardPlanesInReach} check; stores are
 * masked to the row. With masked loads the max-pooling steps are too large for C1's profiling tier
 * ("out of virtual registers"); compiled by C1's limited tier instead, they never reach C2 and run
 * with every vector boxed (100x slower).
 *
 * <p>Ties and NaN follow {@link Pooling#maxForward}: the first maximum in window order (top row
 * first, left first) wins, and a NaN beats every number. Used only with at least 16 lanes (AVX-512),
 * where a two-source permute is one instruction. The max-pooling steps are methods of their own
 * that take no vectors, so that C2 compiles each whole whether it inlines them or not.
 */
final class PoolingKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INDICES = SPECIES.withLanes(int.class);
    private static final int LANES = SPECIES.length();
    private static final long VECTOR_BYTES = SPECIES.vectorByteSize();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /**
     * Lane tables, L ints each, per layout: layout 0 steps one output row of up to L windows (its
     * first vector holds the row's first L floats, its second the next L); layout w (1 to L/2)
     * steps two output rows of w windows of a plane 2w wide (the first vector holds an upper row,
     * the second the upper row of the next output row). Per layout: the permutes that pick the
     * windows' left and right columns from (first, second), each lane's column offset from the
     * step's first input, and the inverse permutes that interleave left and right values back
     * into the first and the second vector's rows. Read inside the steps at an offset: a vector
     * passed as an argument is boxed wherever C2 does not inline the call.
     */
    private static final int LEFT = 0, RIGHT = 1, OFFSET = 2, INTERLEAVE_FIRST = 3, INTERLEAVE_SECOND = 4, KINDS = 5;
    private static final int[] TABLES = tables();

    private static int[] tables() {
        int[] t = new int[(LANES / 2 + 1) * KINDS * LANES];
        for (int layout = 0; layout <= LANES / 2; layout++) {
            // windows per row: L for one row a step, w for two rows of w windows
            int perRow = layout == 0 ? LANES : layout;
            int secondRowOffset = layout == 0 ? 2 * LANES : 4 * layout;
            int secondShift = layout == 0 ? LANES / 2 : layout;
            int base = layout * KINDS * LANES;
            for (int i = 0; i < LANES; i++) {
                boolean first = i < perRow;
                int column = 2 * (first ? i : i - perRow);
                // lanes past 2w (layout w) take valid indices; no output uses them
                boolean used = layout == 0 || i < 2 * perRow;
                t[base + LEFT * LANES + i] = !used ? 0 : first ? column : LANES + column;
                t[base + RIGHT * LANES + i] = t[base + LEFT * LANES + i] + 1;
                t[base + OFFSET * LANES + i] = !used ? 0 : first ? column : secondRowOffset + column;
                t[base + INTERLEAVE_FIRST * LANES + i] = (i & 1) * LANES + (i >> 1);
                t[base + INTERLEAVE_SECOND * LANES + i] = (i & 1) * LANES + (i >> 1) + secondShift;
            }
        }
        return t;
    }

    private static IntVector table(int layout, int kind) {
        return IntVector.fromArray(INDICES, TABLES, (layout * KINDS + kind) * LANES);
    }

    /** Average pooling's permutes: layout 0's, as constants. */
    private static final IntVector LEFT_COLUMNS = table(0, LEFT);
    private static final IntVector RIGHT_COLUMNS = table(0, RIGHT);
    private static final IntVector INTERLEAVE_LOW = table(0, INTERLEAVE_FIRST);
    private static final IntVector INTERLEAVE_HIGH = table(0, INTERLEAVE_SECOND);

    private PoolingKernels() {}

    /**
     * Whether this path computes {@code s} and pays: two-source permutes are single instructions only with
     * AVX-512's 16 lanes. Call only when {@link io.simdnn.kernels.VectorSupport#isEnabled()}.
     */
    static boolean applies(PoolShape s) {
        return s.kernel() == 2 && s.stride() == 2 && LANES >= 16 && s.inputSize() <= Integer.MAX_VALUE;
    }

    /**
     * How many leading planes the forward passes can read with whole vectors from x of {@code available}
     * floats: a row's last step reads 2L floats from its last window on, which in the last plane may run
     * past the plane's end (by 4 floats for 28 x 28, none for 32 x 32) and must stay inside x. Further
     * planes take the general path.
     */
    static int forwardPlanesInReach(PoolShape s, long available) {
        long area = (long) s.height() * s.width();
        long lastRead = (2L * s.outHeight() - 1) * s.width() + 2L * lastStep(s.outWidth()) + 2L * LANES;
        return planesInReach(s.planes(), area, lastRead - area, available);
    }

    /** As {@link #forwardPlanesInReach} for the backward passes' reads of L floats of dy and L ints of argmax. */
    static int backwardPlanesInReach(PoolShape s, long available) {
        long outArea = (long) s.outHeight() * s.outWidth();
        // steps start at windows 0, L, 2L, ... while 2 * start < width: the last may cover only a column of no window
        long lastRead = (s.outHeight() - 1L) * s.outWidth() + lastStep((s.width() - 1) / 2 + 1) + LANES;
        return planesInReach(s.planes(), outArea, lastRead - outArea, available);
    }

    /** First window of the last step along a row of {@code windows} windows. */
    private static int lastStep(int windows) {
        return (windows - 1) / LANES * LANES;
    }

    /** Planes p with {@code (p + 1) * planeSize + overrun <= available}. */
    private static int planesInReach(int planes, long planeSize, long overrun, long available) {
        return (int) Math.max(0, Math.min(planes, (available - Math.max(0, overrun)) / planeSize));
    }

    /**
     * One plane: {@code y[out + oh * outWidth + ow]} = max of the 2x2 window of x at row {@code 2 oh},
     * column {@code 2 ow} of the {@code height x width} plane starting at flat index {@code in}, and
     * {@code argmax} at the same position its flat index in x. A plane at most L wide (and of even
     * width) takes its output rows two at a time, so that its windows fill twice as many lanes.
     */
    static void maxPlane(int height, int width, MemorySegment x, int in, MemorySegment y, int out, int[] argmax) {
        int outWidth = width / 2;
        int rows = height / 2;
        int pairs = rowPairs(width, rows);
        if (pairs > 0) {
            maxRowsStep(2 * outWidth, pairs, width, outWidth, 2L * width * Float.BYTES, 4 * width, 2 * outWidth,
                    x, in, y, out, argmax);
        }
        int done = 2 * pairs;
        for (int ow = 0; ow < outWidth; ow += LANES) {
            maxRowsStep(Math.min(LANES, outWidth - ow), rows - done, width, 0, VECTOR_BYTES, 2 * width, outWidth,
                    x, in + 2 * done * width + 2 * ow, y, out + done * outWidth + ow, argmax);
        }
    }

    /** Output row pairs a plane's rows are stepped in two at a time: those of an even width of at most L. */
    private static int rowPairs(int width, int rows) {
        return width % 2 == 0 && width <= LANES ? rows / 2 : 0;
    }

    /**
     * {@code steps} steps of {@code windows} windows each in the lane layout {@code layout} (see
     * {@link #TABLES}), the first step's first window with its top-left input at flat index
     * {@code upperLeft} and its output at {@code out}; each step reads its first vectors at its
     * upper and lower input rows and its second vectors {@code secondBytes} further, then moves
     * {@code rowAdvance} inputs and {@code outAdvance} outputs on.
     */
    private static void maxRowsStep(int windows, int steps, int width, int layout, long secondBytes, int rowAdvance,
                                    int outAdvance, MemorySegment x, int upperLeft, MemorySegment y, int out, int[] argmax) {
        VectorMask<Float> outputs = SPECIES.indexInRange(0, windows);
        IntVector left = table(layout, LEFT);
        IntVector right = table(layout, RIGHT);
        IntVector offsets = table(layout, OFFSET);
        for (int step = 0; step < steps; step++, upperLeft += rowAdvance, out += outAdvance) {
            long upper = (long) upperLeft * Float.BYTES;
            long lower = upper + (long) width * Float.BYTES;
            IntVector upperFirst = IntVector.fromMemorySegment(INDICES, x, upper, ORDER);
            IntVector upperSecond = IntVector.fromMemorySegment(INDICES, x, upper + secondBytes, ORDER);
            IntVector lowerFirst = IntVector.fromMemorySegment(INDICES, x, lower, ORDER);
            IntVector lowerSecond = IntVector.fromMemorySegment(INDICES, x, lower + secondBytes, ORDER);
            FloatVector upperLeftValue = left.selectFrom(upperFirst, upperSecond).viewAsFloatingLanes();
            FloatVector upperRightValue = right.selectFrom(upperFirst, upperSecond).viewAsFloatingLanes();
            FloatVector lowerLeftValue = left.selectFrom(lowerFirst, lowerSecond).viewAsFloatingLanes();
            FloatVector lowerRightValue = right.selectFrom(lowerFirst, lowerSecond).viewAsFloatingLanes();
            // within each row first, then upper vs lower: on ties this keeps the first maximum in row-major order
            VectorMask<Float> upperRightWins = beats(upperRightValue, upperLeftValue);
            VectorMask<Float> lowerRightWins = beats(lowerRightValue, lowerLeftValue);
            FloatVector upperBest = upperLeftValue.blend(upperRightValue, upperRightWins);
            FloatVector lowerBest = lowerLeftValue.blend(lowerRightValue, lowerRightWins);
            VectorMask<Float> lowerWins = beats(lowerBest, upperBest);
            IntVector upperLeftIndex = offsets.add(upperLeft);
            IntVector upperIndex = upperLeftIndex.add(1, upperRightWins.cast(INDICES));
            IntVector lowerIndex = upperLeftIndex.add(width).add(1, lowerRightWins.cast(INDICES));
            upperBest.blend(lowerBest, lowerWins).intoMemorySegment(y, (long) out * Float.BYTES, ORDER, outputs);
            upperIndex.blend(lowerIndex, lowerWins.cast(INDICES)).intoArray(argmax, out, outputs.cast(INDICES));
        }
    }

    /**
     * One plane of the max-pooling gradient: dx at {@code argmax[o]} = dy[o], 0 everywhere else (as
     * 0 + dy[o], so that -0 becomes +0 as in the general path), in the steps of {@link #maxPlane}.
     * Returns {@code false}, having written part of the plane, if an index does not point into its
     * own window: such indices need the general scatter.
     */
    static boolean maxGradientPlane(int height, int width, MemorySegment dy, int out, int[] argmax, MemorySegment dx, int in) {
        int outWidth = width / 2;
        int rows = height / 2;
        int pairs = rowPairs(width, rows);
        if (pairs > 0 && !maxGradientRowsStep(2 * outWidth, width, width, pairs, width, outWidth, 2L * width * Float.BYTES,
                4 * width, 2 * outWidth, dy, out, argmax, dx, in)) {
            return false;
        }
        int done = 2 * pairs;
        // a row of odd width ends in a column of no window: the step that reaches it writes its zero
        for (int ow = 0; 2 * ow < width; ow += LANES) {
            int columns = Math.min(2 * LANES, width - 2 * ow);
            if (!maxGradientRowsStep(Math.min(LANES, outWidth - ow), Math.min(LANES, columns), columns - LANES, rows - done, width,
                    0, VECTOR_BYTES, 2 * width, outWidth, dy, out + done * outWidth + ow, argmax, dx, in + 2 * done * width + 2 * ow)) {
                return false;
            }
        }
        zeroUncoveredRow(height, width, dx, in);
        return true;
    }

    /**
     * The gradients of the windows of {@link #maxRowsStep}'s steps into their rows of dx: of each
     * step's four rows of dx (upper and lower, at the first and the second vector) the first
     * {@code firstColumns} and {@code secondColumns} columns are written.
     */
    private static boolean maxGradientRowsStep(int windows, int firstColumns, int secondColumns, int steps, int width, int layout,
                                               long secondBytes, int rowAdvance, int outAdvance, MemorySegment dy, int out,
                                               int[] argmax, MemorySegment dx, int upperLeft) {
        VectorMask<Integer> outputs = INDICES.indexInRange(0, windows);
        VectorMask<Integer> firstPart = INDICES.indexInRange(0, firstColumns);
        VectorMask<Integer> secondPart = INDICES.indexInRange(0, secondColumns);
        IntVector offsets = table(layout, OFFSET);
        IntVector interleaveFirst = table(layout, INTERLEAVE_FIRST);
        IntVector interleaveSecond = table(layout, INTERLEAVE_SECOND);
        for (int step = 0; step < steps; step++, upperLeft += rowAdvance, out += outAdvance) {
            IntVector gradient = FloatVector.fromMemorySegment(SPECIES, dy, (long) out * Float.BYTES, ORDER).add(0f).viewAsIntegralLanes();
            IntVector index = IntVector.fromArray(INDICES, argmax, out);
            IntVector upperLeftIndex = offsets.add(upperLeft);
            IntVector lowerLeftIndex = upperLeftIndex.add(width);
            VectorMask<Integer> atUpperLeft = index.eq(upperLeftIndex), atUpperRight = index.eq(upperLeftIndex.add(1));
            VectorMask<Integer> atLowerLeft = index.eq(lowerLeftIndex), atLowerRight = index.eq(lowerLeftIndex.add(1));
            if (outputs.andNot(atUpperLeft.or(atUpperRight).or(atLowerLeft).or(atLowerRight)).anyTrue()) {
                return false;
            }
            // lanes past the row's windows hold 0, so a column of no window gets 0
            IntVector zero = IntVector.zero(INDICES);
            IntVector upperLeftGradient = zero.blend(gradient, atUpperLeft.and(outputs));
            IntVector upperRightGradient = zero.blend(gradient, atUpperRight.and(outputs));
            IntVector lowerLeftGradient = zero.blend(gradient, atLowerLeft.and(outputs));
            IntVector lowerRightGradient = zero.blend(gradient, atLowerRight.and(outputs));
            long upper = (long) upperLeft * Float.BYTES;
            long lower = upper + (long) width * Float.BYTES;
            interleaveFirst.selectFrom(upperLeftGradient, upperRightGradient).intoMemorySegment(dx, upper, ORDER, firstPart);
            interleaveSecond.selectFrom(upperLeftGradient, upperRightGradient).intoMemorySegment(dx, upper + secondBytes, ORDER, secondPart);
            interleaveFirst.selectFrom(lowerLeftGradient, lowerRightGradient).intoMemorySegment(dx, lower, ORDER, firstPart);
            interleaveSecond.selectFrom(lowerLeftGradient, lowerRightGradient).intoMemorySegment(dx, lower + secondBytes, ORDER, secondPart);
        }
        return true;
    }

    /**
     * One plane: {@code y[out + oh * outWidth + ow]} = the mean of the same window as {@link #maxPlane},
     * summed as (upper + lower) per column, then left + right.
     */
    static void averagePlane(int height, int width, MemorySegment x, int in, MemorySegment y, int out) {
        int outWidth = width / 2;
        for (int ow = 0; ow < outWidth; ow += LANES) {
            VectorMask<Float> outputs = SPECIES.indexInRange(0, outWidth - ow);
            for (int oh = 0; oh < height / 2; oh++) {
                long upper = (long) (in + 2 * oh * width + 2 * ow) * Float.BYTES;
                long lower = upper + (long) width * Float.BYTES;
                IntVector first = FloatVector.fromMemorySegment(SPECIES, x, upper, ORDER)
                        .add(FloatVector.fromMemorySegment(SPECIES, x, lower, ORDER)).viewAsIntegralLanes();
                IntVector second = FloatVector.fromMemorySegment(SPECIES, x, upper + VECTOR_BYTES, ORDER)
                        .add(FloatVector.fromMemorySegment(SPECIES, x, lower + VECTOR_BYTES, ORDER)).viewAsIntegralLanes();
                LEFT_COLUMNS.selectFrom(first, second).viewAsFloatingLanes()
                        .add(RIGHT_COLUMNS.selectFrom(first, second).viewAsFloatingLanes()).mul(0.25f)
                        .intoMemorySegment(y, (long) (out + oh * outWidth + ow) * Float.BYTES, ORDER, outputs);
            }
        }
    }

    /**
     * One plane of the average-pooling gradient: every input of a window gets dy / 4 of it (as
     * 0 + dy * 0.25, the general path's arithmetic), inputs of no window 0.
     */
    static void averageGradientPlane(int height, int width, MemorySegment dy, int out, MemorySegment dx, int in) {
        int outWidth = width / 2;
        for (int ow = 0; 2 * ow < width; ow += LANES) {
            VectorMask<Integer> noWindow = INDICES.indexInRange(0, outWidth - ow).not();
            int columns = width - 2 * ow;
            VectorMask<Integer> firstHalf = INDICES.indexInRange(0, columns);
            VectorMask<Integer> secondHalf = INDICES.indexInRange(LANES, columns);
            for (int oh = 0; oh < height / 2; oh++) {
                // lanes past the row's windows hold 0, so a column of no window gets 0
                IntVector share = FloatVector.fromMemorySegment(SPECIES, dy, (long) (out + oh * outWidth + ow) * Float.BYTES, ORDER)
                        .mul(0.25f).add(0f).viewAsIntegralLanes().blend(0, noWindow);
                IntVector first = INTERLEAVE_LOW.selectFrom(share, share);
                IntVector second = INTERLEAVE_HIGH.selectFrom(share, share);
                long upper = (long) (in + 2 * oh * width + 2 * ow) * Float.BYTES;
                long lower = upper + (long) width * Float.BYTES;
                first.intoMemorySegment(dx, upper, ORDER, firstHalf);
                second.intoMemorySegment(dx, upper + VECTOR_BYTES, ORDER, secondHalf);
                first.intoMemorySegment(dx, lower, ORDER, firstHalf);
                second.intoMemorySegment(dx, lower + VECTOR_BYTES, ORDER, secondHalf);
            }
        }
        zeroUncoveredRow(height, width, dx, in);
    }

    /** The last row of a plane of odd height belongs to no window: its gradient is 0. */
    private static void zeroUncoveredRow(int height, int width, MemorySegment dx, int in) {
        if (height % 2 == 1) {
            Buffers.fillZero(dx, in + (long) (height - 1) * width, width);
        }
    }

    /**
     * Lanes where {@code candidate} replaces {@code best}: larger, or NaN over a number. "Not
     * (candidate &lt;= best)" is true when candidate is larger or either is NaN; excluding a NaN
     * best leaves exactly the rule, in three mask operations.
     */
    private static VectorMask<Float> beats(FloatVector candidate, FloatVector best) {
        return candidate.compare(VectorOperators.LE, best).not().andNot(best.test(VectorOperators.IS_NAN));
    }
}
