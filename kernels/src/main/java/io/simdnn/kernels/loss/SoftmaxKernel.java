package io.simdnn.kernels.loss;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.internal.LaneSums;

/**
 * Vector bodies of {@link SoftmaxCrossEntropy}, software-pipelined over the rows: one sweep per
 * row computes the shifted exponentials of row i (and their sum), the maximum of row i + 1 and
 * the scaled output of row i - 1, which is then copied out whole.
 *
 * <p>Why this shape (1000 classes x 4096 rows, against a plain copy of the same bytes):
 * <ul>
 *   <li>The exponentials cost about 16 vector instructions per 16 floats, the bulk of the work.
 *       Separate sweeps for the maximum and the normalization would add dependency stalls at
 *       every row (each waits for the previous one's reduction) and leave memory idle while the
 *       exponentials run. Fused, the reductions of one row overlap the next row's sweep, and
 *       row i + 1 streams in from memory while row i is computed.
 *   <li>The exponentials and the normalized row live in two heap arrays (this thread's
 *       {@link Pipeline}), written to the output segment by one bulk copy per row. A loop that
 *       stores into a memory segment makes C2 re-check both segments' bounds and liveness on every
 *       vector (it cannot prove the stores leave the segments' own fields alone): about 40 scalar
 *       instructions per 16 floats.
 *   <li>Each sweep ends with one more whole vector for the last {@code k mod 16} values (staged in
 *       padded vectors): 1000 classes leave 8, and scalar {@code Math.exp} on them costs more than
 *       the vector exponentials of the other 992.
 *   <li>The row maximum uses compare-and-blend, not lanewise {@code max}, whose NaN and
 *       signed-zero rules cost C2 about six instructions per vector on x86.
 * </ul>
 */
final class SoftmaxKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;
    /**
     * The loss needs log(sum) for every row; as log(a) + log(b) = log(a b), the row sums are
     * multiplied this many at a time and their product's logarithm taken once. Each sum is in
     * [1, k] (the row maximum contributes e^0 = 1), so a product stays below k^32 &lt;= 2^992, inside
     * the double range for any int k. A Math.log call per row costs about 9 ns, 2-3% of a row of
     * 1000.
     */
    private static final int ROWS_PER_LOG = 32;
    private static final ThreadLocal<Pipeline> PER_THREAD = ThreadLocal.withInitial(Pipeline::new);

    private SoftmaxKernel() {}

    /**
     * For each of the n rows of logits, writes {@code scale * (softmax(x) - onehot(label))} into
     * out and returns the sum of the rows' losses {@code log(sum exp(x - max)) + max - x[label]}
     * (NaN if any logit is NaN or infinite). With {@code labels == null} it writes
     * {@code scale * softmax(x)} and the returned value is meaningless. out may be the logits
     * (same offset and ld).
     */
    static double rows(int n, int k, MemorySegment logits, long logitsOffset, int ldLogits,
                       int[] labels, int labelsOffset, float scale, MemorySegment out, long outOffset, int ldOut) {
        if (n == 0) {
            return 0;
        }
        Pipeline pipeline = PER_THREAD.get();
        pipeline.prepare(k);
        // first sweep: only the maximum of row 0 (a max of +infinity makes every exponential 0)
        pipeline.sweep(k, logits, logitsOffset, Float.POSITIVE_INFINITY, logitsOffset, 0f);
        pipeline.swap(); // row 0's staged tail becomes the current one (the rows it swaps hold nothing yet)
        float previousFactor = 0;
        double total = 0;
        double sumProduct = 1;
        for (int row = 0; row < n; row++) {
            long start = logitsOffset + (long) row * ldLogits;
            long next = row + 1 < n ? start + ldLogits : start; // the last row has no successor: re-read itself
            float max = pipeline.nextMax;
            int label = labels == null ? 0 : labels[labelsOffset + row];
            float labelLogit = logits.getAtIndex(Buffers.FLOAT, start + label); // before out (maybe the logits) is written
            pipeline.sweep(k, logits, start, max, next, previousFactor);
            if (row > 0) {
                pipeline.finishPrevious(k, labels == null ? -1 : labels[labelsOffset + row - 1], scale,
                        out, outOffset + (long) (row - 1) * ldOut);
            }
            pipeline.swap();
            double sum = pipeline.sum;
            previousFactor = (float) (scale / sum);
            total += (double) max - labelLogit; // in double: max - x[label] reaches 2 * MAX_VALUE; NaN when max is
            sumProduct *= sum;
            if (row % ROWS_PER_LOG == ROWS_PER_LOG - 1) {
                total += Math.log(sumProduct);
                sumProduct = 1;
            }
        }
        total += Math.log(sumProduct);
        // last sweep: only the normalization of the last row (through the hot sweep rather than a
        // separate loop, which runs once per call, stays interpreted for long and boxes its vectors)
        long last = logitsOffset + (long) (n - 1) * ldLogits;
        pipeline.sweep(k, logits, last, Float.POSITIVE_INFINITY, last, previousFactor);
        pipeline.finishPrevious(k, labels == null ? -1 : labels[labelsOffset + n - 1], scale,
                out, outOffset + (long) (n - 1) * ldOut);
        return total;
    }

    /** One thread's scratch rows and the results of its last sweep. */
    private static final class Pipeline {
        /** The row being exponentiated; padded to whole vectors, the lanes past k are never copied out. */
        float[] current = new float[0];
        /** The row before it, normalized during the sweep and then copied out. */
        float[] previous = new float[0];
        /**
         * The last k mod 16 logits of the row a sweep exponentiates and of the next row, one vector
         * each, padded with the lowest finite float: its exponential is 0 unless the row's maximum is that
         * float too (then the sweep corrects the sum), and it is never above a row's maximum (nor infinite). A sweep stages only the next row's tail: the current row's
         * is still there from the sweep before, which staged it as its next row (the two swap
         * roles, like the rows). Native, like the logits, so the sweep's loads see one segment class.
         */
        final MemorySegment tails = Arena.ofAuto().allocate(2 * LANES * F, 64);
        /** Which vector of {@link #tails} holds the current row's tail (0 or 1). */
        int currentTail;
        double sum;
        float nextMax;

        /** Sizes the rows for k classes and pads the tails (every call: a previous k leaves its logits there). */
        void prepare(int k) {
            int padded = SPECIES.loopBound(k + LANES - 1);
            if (current.length < padded) {
                current = new float[padded];
                previous = new float[padded];
            }
            for (int lane = k - SPECIES.loopBound(k); lane < LANES; lane++) {
                tails.setAtIndex(Buffers.FLOAT, lane, -Float.MAX_VALUE);
                tails.setAtIndex(Buffers.FLOAT, LANES + lane, -Float.MAX_VALUE);
            }
        }

        void swap() {
            float[] rows = current;
            current = previous;
            previous = rows;
            currentTail = 1 - currentTail;
        }

        /**
         * In one pass over k columns: {@code current = exp(row - max)} and its sum, the maximum of
         * the row at {@code next} (NaN if it holds a NaN or infinity: {@code x * 0} is NaN exactly
         * then, and accumulates), and {@code previous *= previousFactor}.
         */
        void sweep(int k, MemorySegment logits, long start, float max, long next, float previousFactor) {
            float[] exponentials = current;
            float[] normalized = previous;
            FloatVector zero = FloatVector.zero(SPECIES);
            FloatVector sums = zero;
            FloatVector maxes = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
            FloatVector finite = zero;
            // Two passes over one loop body: whole vectors straight from the segment, then the last
            // k mod 16 columns of both rows staged in the padded tails. (A separate tail, with masked
            // loads or a second copy of the body, grows this method past C2's inlining budget, and
            // its vectors are boxed; a branch inside one loop costs C2 its loop optimizations.)
            int whole = SPECIES.loopBound(k);
            long currentTailAt = currentTail * LANES * F;
            long nextTailAt = (1 - currentTail) * LANES * F;
            MemorySegment.copy(logits, (next + whole) * F, tails, nextTailAt, (k - whole) * F);
            for (int pass = 0; pass < 2; pass++) {
                boolean staged = pass == 1;
                MemorySegment source = staged ? tails : logits;
                long base = staged ? currentTailAt - whole * F : start * F; // column j of the row is at base + 4 j
                long nextBase = staged ? nextTailAt - whole * F : next * F;
                int from = staged ? whole : 0;
                int to = staged ? (whole < k ? whole + LANES : whole) : whole;
                for (int j = from; j < to; j += LANES) {
                    FloatVector e = expNonPositive(FloatVector.fromMemorySegment(SPECIES, source, base + j * F, ORDER).sub(max));
                    e.intoArray(exponentials, j);
                    sums = sums.add(e);
                    FloatVector y = FloatVector.fromMemorySegment(SPECIES, source, nextBase + j * F, ORDER);
                    maxes = maxes.blend(y, y.compare(VectorOperators.GT, maxes));
                    finite = y.fma(zero, finite);
                    FloatVector.fromArray(SPECIES, normalized, j).mul(previousFactor).intoArray(normalized, j);
                }
            }
            sum = LaneSums.sum(sums);
            if (max == -Float.MAX_VALUE && whole < k) {
                // the one row the padding is not below: every logit is the lowest finite float, so
                // each padded lane added exp(0) = 1 to the (then integral, exact) sum; take them out
                sum -= LANES - (k - whole);
            }
            // only NaN differs from itself
            nextMax = finite.compare(VectorOperators.NE, finite).anyTrue() ? Float.NaN : maxes.reduceLanes(VectorOperators.MAX);
        }

        /** Subtracts scale at the label (none if label &lt; 0) and copies the previous row to out. */
        void finishPrevious(int k, int label, float scale, MemorySegment out, long outStart) {
            if (label >= 0) {
                previous[label] -= scale;
            }
            MemorySegment.copy(previous, 0, out, Buffers.FLOAT, outStart * F, k);
        }
    }

    private static final float LOG2_E = 1.44269504f;
    /** ln 2 split so that n * LN2_HIGH is exact for |n| &lt; 2^9 (Cody-Waite). */
    private static final float LN2_HIGH = 0.693145751953125f;
    private static final float LN2_LOW = 1.428606765330187e-06f;
    /** Below this e^x is under the smallest normal float (2^-126); those lanes become 0. */
    private static final float EXP_UNDERFLOW = -87.33654f;
    /**
     * 1.5 * 2^23 + 127: adding it to t (|t| &lt; 2^22) rounds t to the nearest integer n and leaves
     * n + 127, the biased exponent of 2^n, in the low mantissa bits (1.5 * 2^23 keeps the sum in
     * [2^23, 2^24), where the float spacing is 1, for negative t too).
     */
    private static final float ROUNDING_BIAS = 0x1.8p23f + 127;
    /**
     * {@code 1 + C1 r + ... + C5 r^5}: e^r on |r| &lt;= ln2 / 2 with relative error 9.2e-8 (0.8 ulp
     * of 1), fitted for minimal relative error with the constant term held at 1 so that e^0 is
     * exactly 1. The degree-6 Taylor polynomial needs one more FMA for about the same error.
     */
    private static final float EXP_C1 = 0.9999997019767761f;
    private static final float EXP_C2 = 0.4999915063381195f;
    private static final float EXP_C3 = 0.1666763722896576f;
    private static final float EXP_C4 = 0.0418979786336422f;
    private static final float EXP_C5 = 0.00829030480235815f;

    /**
     * {@code e^x} for {@code x <= 0} (logits minus their row max), within 2 ulps (the polynomial's
     * 0.8 ulp plus the roundings of the reduction and five FMAs: 2.0 ulps is the worst on 4 million
     * points of [-87.3, 0]; the tests allow 4); 0 where e^x is below the smallest normal
     * float, NaN for NaN. The JDK's lanewise EXP handles any x, at a cost that makes it the
     * softmax's bottleneck; with x &lt;= 0 known, e^x = 2^n * e^r with n = round(x / ln 2) and
     * |r| &lt;= ln2 / 2, where a degree-5 polynomial of e^r in FMAs and an exponent built from n's bits
     * suffice.
     *
     * <p>n comes from the rounding-bias addition instead of float-int conversions (which C2
     * surrounds with fix-ups for Java's saturation rules), and lanes below the underflow threshold
     * (including -infinity and huge negatives, whose n would wrap) are replaced by 0 at the end
     * instead of being clamped first. Written with few nested calls: C2 gives up inlining (and
     * boxes vectors) past a fixed call depth.
     */
    static FloatVector expNonPositive(FloatVector x) {
        FloatVector biased = x.fma(FloatVector.broadcast(SPECIES, LOG2_E), FloatVector.broadcast(SPECIES, ROUNDING_BIAS));
        FloatVector n = biased.sub(ROUNDING_BIAS);
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(SPECIES, -LN2_LOW), r);
        FloatVector p = r.fma(FloatVector.broadcast(SPECIES, EXP_C5), FloatVector.broadcast(SPECIES, EXP_C4));
        p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_C3));
        p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_C2));
        p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_C1));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1f));
        // shifting out the bits above n + 127 leaves exactly 2^n's float bits
        FloatVector twoToN = ((IntVector) biased.reinterpretAsInts()).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoToN).blend(0f, x.compare(VectorOperators.LT, EXP_UNDERFLOW));
    }
}
