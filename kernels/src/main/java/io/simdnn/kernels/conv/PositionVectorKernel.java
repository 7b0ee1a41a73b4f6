package io.simdnn.kernels.conv;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles of {@link PositionVectorPlan}: output positions in the vector lanes, filter
 * weights broadcast. A run is one vector of consecutive positions along an output row; in the
 * zero-padded input ({@link CorrelationGeometry}) its im2col column for tap k starts at
 * {@code position + tap[k]}, so one unaligned load serves a whole run.
 *
 * <pre>
 * forward:  y[f][run]   = b[f] + sum over taps k of w[f][k] * xpad[position(run) + tap[k]]
 *           tile FILTERS x RUNS: per tap RUNS loads, FILTERS broadcasts, FILTERS * RUNS FMAs
 * dw:       sums[f][k] += lanes of dy[f][run] * xpad[position(run) + tap[k]], over a sample's runs
 *           tile GRADIENT_FILTERS x GRADIENT_TAPS: per run GRADIENT_FILTERS + GRADIENT_TAPS loads
 * </pre>
 * A layer with few input channels has a short reduction (25 taps for one 5 x 5 channel): the
 * GEMM-shaped tiles then spend more on their epilogue than on FMAs, and its weight gradient has
 * 25 x 16 outputs to share among 12 x 32 tiles. Here the forward stores each accumulator with one
 * store into its NCHW row, and the weight gradient keeps a block of dw in registers over all of
 * a sample's runs.
 *
 * <p>No load or store is masked: a row's last run is shifted left to end at the row's end, so
 * every lane reads and writes inside the row. The lanes it shares with the run before are
 * computed twice by the same arithmetic in the forward pass (the second store writes the same
 * bits) and carry a zero dy in the weight gradient ({@link #copyRuns}). Masked Vector API loads
 * would also make the tiles too large for C1, which then leaves them, slow and allocating, in
 * its non-profiling tier.
 */
final class PositionVectorKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final int LANES = SPECIES.length();
    private static final boolean WIDE_REGISTERS = LANES >= 16;
    /** Each lane's index, 0 .. LANES - 1: {@link #copyRuns} zeroes the lanes below a count with one compare. */
    private static final FloatVector LANE_INDEX = FloatVector.fromArray(SPECIES, laneIndices(), 0);

    /** Filters per forward tile. */
    static final int FILTERS = 4;
    /** Runs per forward tile: 4 x 6 accumulators of 32 registers on 512-bit vectors, 4 x 3 of 16 on 256-bit. */
    static final int RUNS = WIDE_REGISTERS ? 6 : 3;
    /** Filters per weight-gradient tile. */
    static final int GRADIENT_FILTERS = WIDE_REGISTERS ? 4 : 2;
    /** Taps per weight-gradient tile: one 5-wide kernel row, the first layers' usual kernel. */
    static final int GRADIENT_TAPS = 5;

    private PositionVectorKernel() {}

    private static float[] laneIndices() {
        float[] indices = new float[LANES];
        for (int l = 0; l < LANES; l++) {
            indices[l] = l;
        }
        return indices;
    }

    /**
     * Forward tile: filters {@code f0 ..} (at most {@link #FILTERS}, {@code filters} of them real)
     * over runs {@code s0 .. s0 + RUNS - 1} of one sample. {@code w} holds the filter block's taps,
     * {@code FILTERS} floats per tap from {@code wBase}, and {@code bias[biasBase ..]} its biases.
     * Run i starts at {@code x[sampleBase + positions[i]]} and is stored at
     * {@code y[outBase + f * area + outputs[i]]}.
     */
    static void forward(float[] x, int sampleBase, int[] positions, int[] outputs, int s0, int[] taps, int tapCount, float[] w,
                        int wBase, float[] bias, int biasBase, int filters, MemorySegment y, long outBase, long area) {
        if (WIDE_REGISTERS) {
            forward4x6(x, sampleBase, positions, outputs, s0, taps, tapCount, w, wBase, bias, biasBase, filters, y, outBase, area);
        } else {
            forward4x3(x, sampleBase, positions, outputs, s0, taps, tapCount, w, wBase, bias, biasBase, filters, y, outBase, area);
        }
    }

    /**
     * Weight-gradient tile: adds, lane by lane, {@code dy[f][run] * xpad[position(run) + tap[k0 + t]]}
     * over the {@code count} runs of one sample into {@code sums[sumBase + (f * GRADIENT_TAPS + t) * LANES ..]}.
     * {@code dy} is the sample's gradient for the filter block as {@link #copyRuns} laid it out.
     */
    static void weightGradient(float[] x, int sampleBase, int[] taps, int k0, int[] positions, int count, MemorySegment dy,
                               float[] sums, int sumBase) {
        if (WIDE_REGISTERS) {
            weightGradient4x5(x, sampleBase, taps, k0, positions, count, dy, sums, sumBase);
        } else {
            weightGradient2x5(x, sampleBase, taps, k0, positions, count, dy, sums, sumBase);
        }
    }

    /**
     * Copies the dy planes of {@code filters} filters (the first at byte {@code dyBase}, then every
     * {@code planeBytes}) into {@code to}: filter f's run i at {@code to[(f * count + i) * LANES ..]},
     * read from {@code outputs[i]}, with its first {@code repeated[i]} lanes (those an earlier run
     * of the row has) zero. Filters from {@code filters} up to {@link #GRADIENT_FILTERS} are zeros.
     */
    static void copyRuns(MemorySegment dy, long dyBase, long planeBytes, int filters, int[] outputs, int[] repeated, int count,
                         MemorySegment to) {
        int d = 0;
        for (int f = 0; f < GRADIENT_FILTERS; f++) {
            if (f >= filters) {
                for (int i = 0; i < count; i++, d += LANES) {
                    FloatVector.zero(SPECIES).intoMemorySegment(to, (long) d * Float.BYTES, ORDER);
                }
                continue;
            }
            long plane = dyBase + f * planeBytes;
            for (int i = 0; i < count; i++, d += LANES) {
                // a compare and a blend: Arrays.fill per run cost as much as the copy's loads and stores together
                FloatVector.fromMemorySegment(SPECIES, dy, plane + (long) outputs[i] * Float.BYTES, ORDER)
                        .blend(0f, LANE_INDEX.lt(repeated[i]))
                        .intoMemorySegment(to, (long) d * Float.BYTES, ORDER);
            }
        }
    }

    /** Adds, lane by lane, the {@code count} runs per filter of the {@link #copyRuns} layout into {@code sums[sumBase + f * LANES ..]}. */
    static void biasSums(MemorySegment dy, int count, float[] sums, int sumBase) {
        if (WIDE_REGISTERS) {
            biasSums4(dy, count, sums, sumBase);
        } else {
            biasSums2(dy, count, sums, sumBase);
        }
    }

    /** The dy run vector at float {@code index} of a {@link #copyRuns} buffer (64-byte aligned, so no load splits a cache line). */
    private static FloatVector dyVector(MemorySegment dy, int index) {
        return FloatVector.fromMemorySegment(SPECIES, dy, (long) index * Float.BYTES, ORDER);
    }

    // Generated: one method per tile shape with every accumulator a local, so the loop bodies are
    // straight-line loads and FMAs (see GemmMicroKernel).

    private static void forward4x6(float[] x, int sampleBase, int[] positions, int[] outputs, int s0, int[] taps,
                                   int tapCount, float[] w, int wBase, float[] bias, int biasBase, int filters, MemorySegment y,
                                   long outBase, long area) {
        int p0 = sampleBase + positions[s0 + 0];
        int p1 = sampleBase + positions[s0 + 1];
        int p2 = sampleBase + positions[s0 + 2];
        int p3 = sampleBase + positions[s0 + 3];
        int p4 = sampleBase + positions[s0 + 4];
        int p5 = sampleBase + positions[s0 + 5];
        FloatVector b0 = FloatVector.broadcast(SPECIES, bias[biasBase + 0]);
        FloatVector a00 = b0; FloatVector a01 = b0; FloatVector a02 = b0; FloatVector a03 = b0; FloatVector a04 = b0; FloatVector a05 = b0;
        FloatVector b1 = FloatVector.broadcast(SPECIES, bias[biasBase + 1]);
        FloatVector a10 = b1; FloatVector a11 = b1; FloatVector a12 = b1; FloatVector a13 = b1; FloatVector a14 = b1; FloatVector a15 = b1;
        FloatVector b2 = FloatVector.broadcast(SPECIES, bias[biasBase + 2]);
        FloatVector a20 = b2; FloatVector a21 = b2; FloatVector a22 = b2; FloatVector a23 = b2; FloatVector a24 = b2; FloatVector a25 = b2;
        FloatVector b3 = FloatVector.broadcast(SPECIES, bias[biasBase + 3]);
        FloatVector a30 = b3; FloatVector a31 = b3; FloatVector a32 = b3; FloatVector a33 = b3; FloatVector a34 = b3; FloatVector a35 = b3;
        for (int k = 0, wk = wBase; k < tapCount; k++, wk += 4) {
            int t = taps[k];
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, p0 + t);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, p1 + t);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, p2 + t);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, p3 + t);
            FloatVector x4 = FloatVector.fromArray(SPECIES, x, p4 + t);
            FloatVector x5 = FloatVector.fromArray(SPECIES, x, p5 + t);
            FloatVector w0 = FloatVector.broadcast(SPECIES, w[wk + 0]);
            a00 = w0.fma(x0, a00); a01 = w0.fma(x1, a01); a02 = w0.fma(x2, a02); a03 = w0.fma(x3, a03); a04 = w0.fma(x4, a04); a05 = w0.fma(x5, a05);
            FloatVector w1 = FloatVector.broadcast(SPECIES, w[wk + 1]);
            a10 = w1.fma(x0, a10); a11 = w1.fma(x1, a11); a12 = w1.fma(x2, a12); a13 = w1.fma(x3, a13); a14 = w1.fma(x4, a14); a15 = w1.fma(x5, a15);
            FloatVector w2 = FloatVector.broadcast(SPECIES, w[wk + 2]);
            a20 = w2.fma(x0, a20); a21 = w2.fma(x1, a21); a22 = w2.fma(x2, a22); a23 = w2.fma(x3, a23); a24 = w2.fma(x4, a24); a25 = w2.fma(x5, a25);
            FloatVector w3 = FloatVector.broadcast(SPECIES, w[wk + 3]);
            a30 = w3.fma(x0, a30); a31 = w3.fma(x1, a31); a32 = w3.fma(x2, a32); a33 = w3.fma(x3, a33); a34 = w3.fma(x4, a34); a35 = w3.fma(x5, a35);
        }
        long o0 = (outBase + outputs[s0 + 0]) * Float.BYTES;
        long o1 = (outBase + outputs[s0 + 1]) * Float.BYTES;
        long o2 = (outBase + outputs[s0 + 2]) * Float.BYTES;
        long o3 = (outBase + outputs[s0 + 3]) * Float.BYTES;
        long o4 = (outBase + outputs[s0 + 4]) * Float.BYTES;
        long o5 = (outBase + outputs[s0 + 5]) * Float.BYTES;
        a00.intoMemorySegment(y, o0, ORDER);
        a01.intoMemorySegment(y, o1, ORDER);
        a02.intoMemorySegment(y, o2, ORDER);
        a03.intoMemorySegment(y, o3, ORDER);
        a04.intoMemorySegment(y, o4, ORDER);
        a05.intoMemorySegment(y, o5, ORDER);
        if (filters > 1) {
            a10.intoMemorySegment(y, o0 + area * Float.BYTES, ORDER);
            a11.intoMemorySegment(y, o1 + area * Float.BYTES, ORDER);
            a12.intoMemorySegment(y, o2 + area * Float.BYTES, ORDER);
            a13.intoMemorySegment(y, o3 + area * Float.BYTES, ORDER);
            a14.intoMemorySegment(y, o4 + area * Float.BYTES, ORDER);
            a15.intoMemorySegment(y, o5 + area * Float.BYTES, ORDER);
        }
        if (filters > 2) {
            a20.intoMemorySegment(y, o0 + 2 * area * Float.BYTES, ORDER);
            a21.intoMemorySegment(y, o1 + 2 * area * Float.BYTES, ORDER);
            a22.intoMemorySegment(y, o2 + 2 * area * Float.BYTES, ORDER);
            a23.intoMemorySegment(y, o3 + 2 * area * Float.BYTES, ORDER);
            a24.intoMemorySegment(y, o4 + 2 * area * Float.BYTES, ORDER);
            a25.intoMemorySegment(y, o5 + 2 * area * Float.BYTES, ORDER);
        }
        if (filters > 3) {
            a30.intoMemorySegment(y, o0 + 3 * area * Float.BYTES, ORDER);
            a31.intoMemorySegment(y, o1 + 3 * area * Float.BYTES, ORDER);
            a32.intoMemorySegment(y, o2 + 3 * area * Float.BYTES, ORDER);
            a33.intoMemorySegment(y, o3 + 3 * area * Float.BYTES, ORDER);
            a34.intoMemorySegment(y, o4 + 3 * area * Float.BYTES, ORDER);
            a35.intoMemorySegment(y, o5 + 3 * area * Float.BYTES, ORDER);
        }
    }

    private static void forward4x3(float[] x, int sampleBase, int[] positions, int[] outputs, int s0, int[] taps,
                                   int tapCount, float[] w, int wBase, float[] bias, int biasBase, int filters, MemorySegment y,
                                   long outBase, long area) {
        int p0 = sampleBase + positions[s0 + 0];
        int p1 = sampleBase + positions[s0 + 1];
        int p2 = sampleBase + positions[s0 + 2];
        FloatVector b0 = FloatVector.broadcast(SPECIES, bias[biasBase + 0]);
        FloatVector a00 = b0; FloatVector a01 = b0; FloatVector a02 = b0;
        FloatVector b1 = FloatVector.broadcast(SPECIES, bias[biasBase + 1]);
        FloatVector a10 = b1; FloatVector a11 = b1; FloatVector a12 = b1;
        FloatVector b2 = FloatVector.broadcast(SPECIES, bias[biasBase + 2]);
        FloatVector a20 = b2; FloatVector a21 = b2; FloatVector a22 = b2;
        FloatVector b3 = FloatVector.broadcast(SPECIES, bias[biasBase + 3]);
        FloatVector a30 = b3; FloatVector a31 = b3; FloatVector a32 = b3;
        for (int k = 0, wk = wBase; k < tapCount; k++, wk += 4) {
            int t = taps[k];
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, p0 + t);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, p1 + t);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, p2 + t);
            FloatVector w0 = FloatVector.broadcast(SPECIES, w[wk + 0]);
            a00 = w0.fma(x0, a00); a01 = w0.fma(x1, a01); a02 = w0.fma(x2, a02);
            FloatVector w1 = FloatVector.broadcast(SPECIES, w[wk + 1]);
            a10 = w1.fma(x0, a10); a11 = w1.fma(x1, a11); a12 = w1.fma(x2, a12);
            FloatVector w2 = FloatVector.broadcast(SPECIES, w[wk + 2]);
            a20 = w2.fma(x0, a20); a21 = w2.fma(x1, a21); a22 = w2.fma(x2, a22);
            FloatVector w3 = FloatVector.broadcast(SPECIES, w[wk + 3]);
            a30 = w3.fma(x0, a30); a31 = w3.fma(x1, a31); a32 = w3.fma(x2, a32);
        }
        long o0 = (outBase + outputs[s0 + 0]) * Float.BYTES;
        long o1 = (outBase + outputs[s0 + 1]) * Float.BYTES;
        long o2 = (outBase + outputs[s0 + 2]) * Float.BYTES;
        a00.intoMemorySegment(y, o0, ORDER);
        a01.intoMemorySegment(y, o1, ORDER);
        a02.intoMemorySegment(y, o2, ORDER);
        if (filters > 1) {
            a10.intoMemorySegment(y, o0 + area * Float.BYTES, ORDER);
            a11.intoMemorySegment(y, o1 + area * Float.BYTES, ORDER);
            a12.intoMemorySegment(y, o2 + area * Float.BYTES, ORDER);
        }
        if (filters > 2) {
            a20.intoMemorySegment(y, o0 + 2 * area * Float.BYTES, ORDER);
            a21.intoMemorySegment(y, o1 + 2 * area * Float.BYTES, ORDER);
            a22.intoMemorySegment(y, o2 + 2 * area * Float.BYTES, ORDER);
        }
        if (filters > 3) {
            a30.intoMemorySegment(y, o0 + 3 * area * Float.BYTES, ORDER);
            a31.intoMemorySegment(y, o1 + 3 * area * Float.BYTES, ORDER);
            a32.intoMemorySegment(y, o2 + 3 * area * Float.BYTES, ORDER);
        }
    }

    private static void weightGradient4x5(float[] x, int sampleBase, int[] taps, int k0, int[] positions, int count,
                                   MemorySegment dy, float[] sums, int sumBase) {
        int t0 = sampleBase + taps[k0 + 0];
        int t1 = sampleBase + taps[k0 + 1];
        int t2 = sampleBase + taps[k0 + 2];
        int t3 = sampleBase + taps[k0 + 3];
        int t4 = sampleBase + taps[k0 + 4];
        FloatVector a00 = FloatVector.zero(SPECIES); FloatVector a01 = FloatVector.zero(SPECIES); FloatVector a02 = FloatVector.zero(SPECIES); FloatVector a03 = FloatVector.zero(SPECIES); FloatVector a04 = FloatVector.zero(SPECIES);
        FloatVector a10 = FloatVector.zero(SPECIES); FloatVector a11 = FloatVector.zero(SPECIES); FloatVector a12 = FloatVector.zero(SPECIES); FloatVector a13 = FloatVector.zero(SPECIES); FloatVector a14 = FloatVector.zero(SPECIES);
        FloatVector a20 = FloatVector.zero(SPECIES); FloatVector a21 = FloatVector.zero(SPECIES); FloatVector a22 = FloatVector.zero(SPECIES); FloatVector a23 = FloatVector.zero(SPECIES); FloatVector a24 = FloatVector.zero(SPECIES);
        FloatVector a30 = FloatVector.zero(SPECIES); FloatVector a31 = FloatVector.zero(SPECIES); FloatVector a32 = FloatVector.zero(SPECIES); FloatVector a33 = FloatVector.zero(SPECIES); FloatVector a34 = FloatVector.zero(SPECIES);
        int filterStride = count * LANES;
        for (int i = 0, d = 0; i < count; i++, d += LANES) {
            int p = positions[i];
            FloatVector d0 = dyVector(dy, d);
            FloatVector d1 = dyVector(dy, d + filterStride);
            FloatVector d2 = dyVector(dy, d + 2 * filterStride);
            FloatVector d3 = dyVector(dy, d + 3 * filterStride);
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, p + t0);
            a00 = d0.fma(x0, a00); a10 = d1.fma(x0, a10); a20 = d2.fma(x0, a20); a30 = d3.fma(x0, a30);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, p + t1);
            a01 = d0.fma(x1, a01); a11 = d1.fma(x1, a11); a21 = d2.fma(x1, a21); a31 = d3.fma(x1, a31);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, p + t2);
            a02 = d0.fma(x2, a02); a12 = d1.fma(x2, a12); a22 = d2.fma(x2, a22); a32 = d3.fma(x2, a32);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, p + t3);
            a03 = d0.fma(x3, a03); a13 = d1.fma(x3, a13); a23 = d2.fma(x3, a23); a33 = d3.fma(x3, a33);
            FloatVector x4 = FloatVector.fromArray(SPECIES, x, p + t4);
            a04 = d0.fma(x4, a04); a14 = d1.fma(x4, a14); a24 = d2.fma(x4, a24); a34 = d3.fma(x4, a34);
        }
        a00.add(FloatVector.fromArray(SPECIES, sums, sumBase + 0 * LANES)).intoArray(sums, sumBase + 0 * LANES);
        a01.add(FloatVector.fromArray(SPECIES, sums, sumBase + 1 * LANES)).intoArray(sums, sumBase + 1 * LANES);
        a02.add(FloatVector.fromArray(SPECIES, sums, sumBase + 2 * LANES)).intoArray(sums, sumBase + 2 * LANES);
        a03.add(FloatVector.fromArray(SPECIES, sums, sumBase + 3 * LANES)).intoArray(sums, sumBase + 3 * LANES);
        a04.add(FloatVector.fromArray(SPECIES, sums, sumBase + 4 * LANES)).intoArray(sums, sumBase + 4 * LANES);
        a10.add(FloatVector.fromArray(SPECIES, sums, sumBase + 5 * LANES)).intoArray(sums, sumBase + 5 * LANES);
        a11.add(FloatVector.fromArray(SPECIES, sums, sumBase + 6 * LANES)).intoArray(sums, sumBase + 6 * LANES);
        a12.add(FloatVector.fromArray(SPECIES, sums, sumBase + 7 * LANES)).intoArray(sums, sumBase + 7 * LANES);
        a13.add(FloatVector.fromArray(SPECIES, sums, sumBase + 8 * LANES)).intoArray(sums, sumBase + 8 * LANES);
        a14.add(FloatVector.fromArray(SPECIES, sums, sumBase + 9 * LANES)).intoArray(sums, sumBase + 9 * LANES);
        a20.add(FloatVector.fromArray(SPECIES, sums, sumBase + 10 * LANES)).intoArray(sums, sumBase + 10 * LANES);
        a21.add(FloatVector.fromArray(SPECIES, sums, sumBase + 11 * LANES)).intoArray(sums, sumBase + 11 * LANES);
        a22.add(FloatVector.fromArray(SPECIES, sums, sumBase + 12 * LANES)).intoArray(sums, sumBase + 12 * LANES);
        a23.add(FloatVector.fromArray(SPECIES, sums, sumBase + 13 * LANES)).intoArray(sums, sumBase + 13 * LANES);
        a24.add(FloatVector.fromArray(SPECIES, sums, sumBase + 14 * LANES)).intoArray(sums, sumBase + 14 * LANES);
        a30.add(FloatVector.fromArray(SPECIES, sums, sumBase + 15 * LANES)).intoArray(sums, sumBase + 15 * LANES);
        a31.add(FloatVector.fromArray(SPECIES, sums, sumBase + 16 * LANES)).intoArray(sums, sumBase + 16 * LANES);
        a32.add(FloatVector.fromArray(SPECIES, sums, sumBase + 17 * LANES)).intoArray(sums, sumBase + 17 * LANES);
        a33.add(FloatVector.fromArray(SPECIES, sums, sumBase + 18 * LANES)).intoArray(sums, sumBase + 18 * LANES);
        a34.add(FloatVector.fromArray(SPECIES, sums, sumBase + 19 * LANES)).intoArray(sums, sumBase + 19 * LANES);
    }

    private static void weightGradient2x5(float[] x, int sampleBase, int[] taps, int k0, int[] positions, int count,
                                   MemorySegment dy, float[] sums, int sumBase) {
        int t0 = sampleBase + taps[k0 + 0];
        int t1 = sampleBase + taps[k0 + 1];
        int t2 = sampleBase + taps[k0 + 2];
        int t3 = sampleBase + taps[k0 + 3];
        int t4 = sampleBase + taps[k0 + 4];
        FloatVector a00 = FloatVector.zero(SPECIES); FloatVector a01 = FloatVector.zero(SPECIES); FloatVector a02 = FloatVector.zero(SPECIES); FloatVector a03 = FloatVector.zero(SPECIES); FloatVector a04 = FloatVector.zero(SPECIES);
        FloatVector a10 = FloatVector.zero(SPECIES); FloatVector a11 = FloatVector.zero(SPECIES); FloatVector a12 = FloatVector.zero(SPECIES); FloatVector a13 = FloatVector.zero(SPECIES); FloatVector a14 = FloatVector.zero(SPECIES);
        int filterStride = count * LANES;
        for (int i = 0, d = 0; i < count; i++, d += LANES) {
            int p = positions[i];
            FloatVector d0 = dyVector(dy, d);
            FloatVector d1 = dyVector(dy, d + filterStride);
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, p + t0);
            a00 = d0.fma(x0, a00); a10 = d1.fma(x0, a10);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, p + t1);
            a01 = d0.fma(x1, a01); a11 = d1.fma(x1, a11);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, p + t2);
            a02 = d0.fma(x2, a02); a12 = d1.fma(x2, a12);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, p + t3);
            a03 = d0.fma(x3, a03); a13 = d1.fma(x3, a13);
            FloatVector x4 = FloatVector.fromArray(SPECIES, x, p + t4);
            a04 = d0.fma(x4, a04); a14 = d1.fma(x4, a14);
        }
        a00.add(FloatVector.fromArray(SPECIES, sums, sumBase + 0 * LANES)).intoArray(sums, sumBase + 0 * LANES);
        a01.add(FloatVector.fromArray(SPECIES, sums, sumBase + 1 * LANES)).intoArray(sums, sumBase + 1 * LANES);
        a02.add(FloatVector.fromArray(SPECIES, sums, sumBase + 2 * LANES)).intoArray(sums, sumBase + 2 * LANES);
        a03.add(FloatVector.fromArray(SPECIES, sums, sumBase + 3 * LANES)).intoArray(sums, sumBase + 3 * LANES);
        a04.add(FloatVector.fromArray(SPECIES, sums, sumBase + 4 * LANES)).intoArray(sums, sumBase + 4 * LANES);
        a10.add(FloatVector.fromArray(SPECIES, sums, sumBase + 5 * LANES)).intoArray(sums, sumBase + 5 * LANES);
        a11.add(FloatVector.fromArray(SPECIES, sums, sumBase + 6 * LANES)).intoArray(sums, sumBase + 6 * LANES);
        a12.add(FloatVector.fromArray(SPECIES, sums, sumBase + 7 * LANES)).intoArray(sums, sumBase + 7 * LANES);
        a13.add(FloatVector.fromArray(SPECIES, sums, sumBase + 8 * LANES)).intoArray(sums, sumBase + 8 * LANES);
        a14.add(FloatVector.fromArray(SPECIES, sums, sumBase + 9 * LANES)).intoArray(sums, sumBase + 9 * LANES);
    }

    private static void biasSums4(MemorySegment dy, int count, float[] sums, int sumBase) {
        FloatVector a0 = FloatVector.zero(SPECIES); FloatVector a1 = FloatVector.zero(SPECIES); FloatVector a2 = FloatVector.zero(SPECIES); FloatVector a3 = FloatVector.zero(SPECIES);
        int filterStride = count * LANES;
        for (int d = 0; d < filterStride; d += LANES) {
            a0 = a0.add(dyVector(dy, d));
            a1 = a1.add(dyVector(dy, d + filterStride));
            a2 = a2.add(dyVector(dy, d + 2 * filterStride));
            a3 = a3.add(dyVector(dy, d + 3 * filterStride));
        }
        a0.add(FloatVector.fromArray(SPECIES, sums, sumBase + 0 * LANES)).intoArray(sums, sumBase + 0 * LANES);
        a1.add(FloatVector.fromArray(SPECIES, sums, sumBase + 1 * LANES)).intoArray(sums, sumBase + 1 * LANES);
        a2.add(FloatVector.fromArray(SPECIES, sums, sumBase + 2 * LANES)).intoArray(sums, sumBase + 2 * LANES);
        a3.add(FloatVector.fromArray(SPECIES, sums, sumBase + 3 * LANES)).intoArray(sums, sumBase + 3 * LANES);
    }

    private static void biasSums2(MemorySegment dy, int count, float[] sums, int sumBase) {
        FloatVector a0 = FloatVector.zero(SPECIES); FloatVector a1 = FloatVector.zero(SPECIES);
        int filterStride = count * LANES;
        for (int d = 0; d < filterStride; d += LANES) {
            a0 = a0.add(dyVector(dy, d));
            a1 = a1.add(dyVector(dy, d + filterStride));
        }
        a0.add(FloatVector.fromArray(SPECIES, sums, sumBase + 0 * LANES)).intoArray(sums, sumBase + 0 * LANES);
        a1.add(FloatVector.fromArray(SPECIES, sums, sumBase + 1 * LANES)).intoArray(sums, sumBase + 1 * LANES);
    }
}
