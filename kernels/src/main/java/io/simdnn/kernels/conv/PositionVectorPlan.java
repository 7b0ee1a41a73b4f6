package io.simdnn.kernels.conv;

import static io.simdnn.kernels.conv.PositionVectorKernel.FILTERS;
import static io.simdnn.kernels.conv.PositionVectorKernel.GRADIENT_FILTERS;
import static io.simdnn.kernels.conv.PositionVectorKernel.GRADIENT_TAPS;
import static io.simdnn.kernels.conv.PositionVectorKernel.LANES;
import static io.simdnn.kernels.conv.PositionVectorKernel.RUNS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.internal.Tuning;

/**
 * The forward pass and the weight gradient of {@link ImplicitConv2d} for layers with a short
 * reduction (few input channels, {@link Tuning#CONV_POSITION_VECTOR_MAX_TAPS}) and rows at least
 * one vector wide, by {@link PositionVectorKernel}: output positions in the vector lanes, filters
 * broadcast. Each output row is cut into runs of one vector of positions, the last shifted left
 * to end at the row's end.
 *
 * <p>Both passes read the zero-padded input of {@link ImplicitConvPlan} (same geometry). Forward
 * tasks are samples. Weight-gradient tasks are blocks of {@link Tuning#CONV_GRADIENT_SAMPLES}
 * samples, the same samples a thread padded and wrote the output of in the forward pass (both
 * are split in sample order): each sums, for every filter, dw and db over its samples in sample
 * order into lane-wise partial sums of its own, which {@link #unpack} adds up block by block,
 * then lane by lane. No sum depends on the thread count. (Split by filters, each thread would
 * read half its dy and input from the other core's cache, where the forward pass and the
 * pooling's gradient left them.)
 */
final class PositionVectorPlan {
    private final ConvShape s;
    private final long sampleFloats;
    private final long area;
    private final int runCount;
    private final int[] positions;
    private final int[] outputs;
    private final int[] repeated;
    private final int tapCount;
    private final int[] taps;
    private final int filterBlocks;
    private final int gradientBlocks;
    private final int sampleBlocks;
    private final int tapBlocks;
    /** Each thread's dy runs ({@link PositionVectorKernel#copyRuns}): off-heap and 64-byte aligned, so no dy load splits a cache line. */
    private final ThreadLocal<MemorySegment> gradientRuns;

    /** Whether the forward pass and weight gradient of {@code s} (already on the implicit path) take this plan. */
    static boolean applies(ConvShape s) {
        return s.patchSize() <= Tuning.CONV_POSITION_VECTOR_MAX_TAPS && s.outWidth() >= LANES;
    }

    /** The plan for s over the padded input of geometry {@code input}. */
    PositionVectorPlan(ConvShape s, CorrelationGeometry input) {
        this.s = s;
        int outH = s.outHeight(), outW = s.outWidth();
        sampleFloats = s.channels() * input.paddedPlane();
        area = (long) outH * outW;
        int runsPerRow = ceilDiv(outW, LANES);
        runCount = outH * runsPerRow;
        int tablesLength = ceilDiv(runCount, RUNS) * RUNS;
        positions = new int[tablesLength];
        outputs = new int[tablesLength];
        repeated = new int[tablesLength];
        for (int i = 0; i < tablesLength; i++) {
            int run = Math.min(i, runCount - 1); // a partial last tile repeats the last run: same values stored twice
            int oh = run / runsPerRow, start = run % runsPerRow * LANES;
            int column = Math.min(start, outW - LANES);
            positions[i] = oh * input.stride() + column;
            outputs[i] = oh * outW + column;
            repeated[i] = start - column;
        }

        tapCount = s.patchSize();
        int kernelArea = s.kernelHeight() * s.kernelWidth();
        tapBlocks = ceilDiv(tapCount, GRADIENT_TAPS);
        taps = new int[tapBlocks * GRADIENT_TAPS];
        for (int i = 0; i < taps.length; i++) {
            int k = Math.min(i, tapCount - 1); // padding taps repeat the last; their sums are dropped
            int c = k / kernelArea, t = k % kernelArea;
            taps[i] = (int) (c * input.paddedPlane()) + t / s.kernelWidth() * input.stride() + t % s.kernelWidth();
        }
        filterBlocks = ceilDiv(s.filters(), FILTERS);
        gradientBlocks = ceilDiv(s.filters(), GRADIENT_FILTERS);
        sampleBlocks = ceilDiv(s.batch(), Tuning.CONV_GRADIENT_SAMPLES);
        int runFloats = GRADIENT_FILTERS * runCount * LANES;
        gradientRuns = ThreadLocal.withInitial(() -> Buffers.allocate(Arena.ofAuto(), runFloats));
    }

    ConvShape shape() {
        return s;
    }

    /** Floats of the packed filters and bias ({@link #packForward}). */
    int forwardPanelsSize() {
        return filterBlocks * FILTERS * (tapCount + 1);
    }

    /** Floats of the weight gradient's lane-wise sums: a set per block of samples. */
    int sumsSize() {
        return sampleBlocks * sampleBlockSums();
    }

    /** Weight-gradient tasks, one per block of samples. */
    int gradientTasks() {
        return sampleBlocks;
    }

    /** Floats of one sample block's sums: every filter block's. */
    private int sampleBlockSums() {
        return gradientBlocks * blockSums();
    }

    private int blockSums() {
        return (tapBlocks * GRADIENT_TAPS + 1) * GRADIENT_FILTERS * LANES;
    }

    /**
     * Packs w ({@code F x taps}) tap-major per block of {@link PositionVectorKernel#FILTERS}
     * filters, {@code panels[(block * taps + k) * FILTERS + j] = w[block * FILTERS + j][k]}, then
     * the bias; filters past F are zeros.
     */
    void packForward(MemorySegment w, MemorySegment b, float[] panels) {
        int biasAt = filterBlocks * tapCount * FILTERS;
        for (int f = 0; f < filterBlocks * FILTERS; f++) {
            boolean real = f < s.filters();
            int to = (f / FILTERS * tapCount) * FILTERS + f % FILTERS;
            for (int k = 0; k < tapCount; k++, to += FILTERS) {
                panels[to] = real ? w.getAtIndex(Buffers.FLOAT, (long) f * tapCount + k) : 0f;
            }
            panels[biasAt + f] = real ? b.getAtIndex(Buffers.FLOAT, f) : 0f;
        }
    }

    /** Sample n's forward pass: {@code y[n] = conv(x[n], w) + b} from the padded input and {@link #packForward}'s panels. */
    void forwardSample(int n, float[] padded, float[] panels, MemorySegment y) {
        int sampleBase = (int) (n * sampleFloats);
        int biasAt = filterBlocks * tapCount * FILTERS;
        for (int block = 0; block < filterBlocks; block++) {
            int f0 = block * FILTERS;
            long outBase = ((long) n * s.filters() + f0) * area;
            for (int s0 = 0; s0 < runCount; s0 += RUNS) {
                PositionVectorKernel.forward(padded, sampleBase, positions, outputs, s0, taps, tapCount, panels,
                        block * tapCount * FILTERS, panels, biasAt + f0, Math.min(FILTERS, s.filters() - f0), y, outBase, area);
            }
        }
    }

    /** Task {@code task}: the lane-wise sums of dw and db of every filter over its block of samples. */
    void weightGradientSamples(int task, float[] padded, MemorySegment dy, float[] sums) {
        int taskBase = task * sampleBlockSums();
        Arrays.fill(sums, taskBase, taskBase + sampleBlockSums(), 0f);
        int first = task * Tuning.CONV_GRADIENT_SAMPLES;
        int end = Math.min(s.batch(), first + Tuning.CONV_GRADIENT_SAMPLES);
        long planeBytes = area * Float.BYTES;
        MemorySegment dyRuns = gradientRuns.get();
        for (int n = first; n < end; n++) {
            int sampleBase = (int) (n * sampleFloats);
            for (int block = 0; block < gradientBlocks; block++) {
                int base = taskBase + block * blockSums();
                int f0 = block * GRADIENT_FILTERS;
                int filters = Math.min(GRADIENT_FILTERS, s.filters() - f0);
                PositionVectorKernel.copyRuns(dy, ((long) n * s.filters() + f0) * planeBytes, planeBytes, filters, outputs, repeated,
                        runCount, dyRuns);
                for (int tb = 0; tb < tapBlocks; tb++) {
                    PositionVectorKernel.weightGradient(padded, sampleBase, taps, tb * GRADIENT_TAPS, positions, runCount, dyRuns, sums,
                            base + tb * GRADIENT_TAPS * GRADIENT_FILTERS * LANES);
                }
                PositionVectorKernel.biasSums(dyRuns, runCount, sums, base + tapBlocks * GRADIENT_TAPS * GRADIENT_FILTERS * LANES);
            }
        }
    }

    /**
     * {@code dw[f][k]} and {@code db[f]}: each lane's sums added over the sample blocks in block
     * order (into the first block's sums), then the lanes in lane order.
     */
    void unpack(float[] sums, MemorySegment dw, MemorySegment db) {
        PartialSums.addIntoFirst(sums, sampleBlocks, sampleBlockSums());
        for (int f = 0; f < s.filters(); f++) {
            int base = f / GRADIENT_FILTERS * blockSums();
            int j = f % GRADIENT_FILTERS;
            for (int k = 0; k < tapCount; k++) {
                int at = base + ((k / GRADIENT_TAPS * GRADIENT_FILTERS + j) * GRADIENT_TAPS + k % GRADIENT_TAPS) * LANES;
                dw.setAtIndex(Buffers.FLOAT, (long) f * tapCount + k, laneSum(sums, at));
            }
            db.setAtIndex(Buffers.FLOAT, f, laneSum(sums, base + (tapBlocks * GRADIENT_TAPS * GRADIENT_FILTERS + j) * LANES));
        }
    }

    private static float laneSum(float[] sums, int at) {
        float sum = 0f;
        for (int l = 0; l < LANES; l++) {
            sum += sums[at + l];
        }
        return sum;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
