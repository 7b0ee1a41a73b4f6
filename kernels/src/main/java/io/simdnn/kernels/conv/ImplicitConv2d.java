package io.simdnn.kernels.conv;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.internal.Tuning;
import io.simdnn.kernels.internal.Workers;

/**
 * {@link Conv2d} as three GEMMs whose im2col operand is never built: {@link ConvTileKernel}
 * reads it from a zero-padded copy of the tensor, where im2col's element for output position q
 * and filter tap k sits at {@code position[q] + tap[k]} (see {@link ImplicitConvPlan}).
 *
 * <pre>
 * forward:  y[n, f, q]  = sum over taps k of xpad[position[q] + tap[k]] * w[f, k] + b[f]   rows q, columns f
 * dw:       dw[f, k]    = sum over q of xpad[tap[k] + position[q]] * dy[n, f, q]        rows k, columns f
 * dx:       dx[n, c, i] = sum over (f, kh, kw) of dypad[gradPosition[i] + gradTap] * w[f, c, KH-1-kh, KW-1-kw]
 * </pre>
 * (dx is the transposed convolution: a full correlation of dy, zero-padded by {@code K-1-pad},
 * with the flipped filters.) The small operand of each (w, its flip, or dy reordered) is packed
 * into panels of one or two vectors of columns; the big one is read in place from a copy that
 * fits the caches a sample at a time: 20 KB of padded input per sample for the default CNN's
 * second layer, where im2col writes and reads back 20 MB per pass.
 *
 * <p>Stride 1, no dilation, padding below the kernel size (so the transposed convolution's
 * padding is not negative). Every output element is computed by one task with the same
 * arithmetic, whatever the thread count; the weight gradient's reduction runs over fixed chunks
 * of positions in order. Results are therefore bit-identical for any number of threads.
 */
final class ImplicitConv2d {

    private ImplicitConv2d() {}

    /** Whether {@link Conv2d} takes this path for {@code s}. */
    static boolean applies(ConvShape s) {
        return hasImplicitShape(s) && ImplicitConvPlan.fits(s, CorrelationGeometry.forward(s), CorrelationGeometry.inputGradient(s));
    }

    /** {@link #applies(ConvShape)} with the workspace's geometries for s: no objects per call. */
    static boolean applies(ConvShape s, ConvWorkspace workspace) {
        return hasImplicitShape(s) && ImplicitConvPlan.fits(s, workspace.forwardGeometry(s), workspace.inputGradientGeometry(s));
    }

    private static boolean hasImplicitShape(ConvShape s) {
        return VectorSupport.isEnabled() && s.strideH() == 1 && s.strideW() == 1 && !s.dilated()
                && s.padH() < s.kernelHeight() && s.padW() < s.kernelWidth();
    }

    /** {@code y = conv(x, w) + b}; keeps the padded x in the workspace for {@link #backward}. */
    static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                        ConvWorkspace workspace) {
        ImplicitConvPlan plan = workspace.implicitPlan(s);
        Pass.Args args = Pass.args();
        args.plan = plan;
        args.x = x;
        args.w = w;
        args.b = b;
        args.out = y;
        args.padded = workspace.paddedInput(plan.inputSize());
        args.panels = workspace.forwardPanels(plan.forwardPanelsSize());
        try {
            args.run(Pass.PAD_INPUT, s.batch() * s.channels(), x);
            if (PositionVectorPlan.applies(s)) {
                PositionVectorPlan positionPlan = workspace.positionVectorPlan(s);
                args.positionPlan = positionPlan;
                args.panels = workspace.forwardPanels(positionPlan.forwardPanelsSize());
                positionPlan.packForward(w, b, args.panels);
                args.run(Pass.POSITION_FORWARD, s.batch(), y);
                return;
            }
            plan.packForwardFilters(w, args.panels);
            args.run(Pass.FORWARD, plan.forwardTasks(Tuning.CONV_TILES_PER_TASK), y);
        } finally {
            args.clear();
        }
    }

    /** dw, db and (unless dx is null) dx of the last {@link #forward} with this workspace. */
    static void backward(ConvShape s, MemorySegment w, MemorySegment dy, MemorySegment dw, MemorySegment db,
                         MemorySegment dx, ConvWorkspace workspace) {
        ImplicitConvPlan plan = workspace.implicitPlan(s);
        Pass.Args args = Pass.args();
        args.plan = plan;
        args.x = dy;
        args.w = w;
        args.padded = workspace.paddedInput(plan.inputSize());
        try {
            if (PositionVectorPlan.applies(s)) {
                PositionVectorPlan positionPlan = workspace.positionVectorPlan(s);
                args.positionPlan = positionPlan;
                args.sums = workspace.weightGradientSums(positionPlan.sumsSize());
                args.run(Pass.POSITION_WEIGHT_GRADIENT, positionPlan.gradientTasks(), dy);
                positionPlan.unpack(args.sums, dw, db);
                if (dx != null) {
                    inputGradient(plan, args, workspace, w, dy, dx, null, null);
                }
            } else if (dx != null && plan.fusesGradientSamples()) {
                // one task per sample reads dy once: pad for dx, reorder for dw, plane sums for db
                float[] reordered = workspace.gradientPanels(plan.gradientPanelsSize());
                float[] biasSums = workspace.biasSums(s.batch() * s.filters());
                inputGradient(plan, args, workspace, w, dy, dx, reordered, biasSums);
                plan.sumBias(biasSums, db);
                weightGradient(plan, args, reordered, workspace, dw);
            } else {
                Im2col.biasGradient(s, dy, db);
                args.panels = workspace.gradientPanels(plan.gradientPanelsSize());
                args.run(Pass.REORDER_GRADIENT, s.batch(), dy);
                weightGradient(plan, args, args.panels, workspace, dw);
                if (dx != null) {
                    inputGradient(plan, args, workspace, w, dy, dx, null, null);
                }
            }
        } finally {
            args.clear();
        }
    }

    /**
     * dx from dy and the flipped filters: row runs pad dy a sample at a time in their own tasks
     * ({@link ImplicitConvPlan#gradientSample}, which also reorders dy into {@code reordered} and
     * sums its planes into {@code biasSums} unless these are null); the position tables read the
     * batch's padded dy.
     */
    private static void inputGradient(ImplicitConvPlan plan, Pass.Args args, ConvWorkspace workspace,
                                      MemorySegment w, MemorySegment dy, MemorySegment dx, float[] reordered, float[] biasSums) {
        ConvShape s = plan.shape();
        args.out = dx;
        args.panels = workspace.inputGradientPanels(plan.inputGradientPanelsSize());
        plan.packFlippedFilters(w, args.panels);
        if (plan.fusesGradientSamples()) {
            args.reordered = reordered;
            args.sums = biasSums;
            args.run(Pass.GRADIENT_SAMPLE, s.batch(), dy, dx);
        } else {
            args.padded = workspace.paddedGradient(plan.gradientSize());
            args.run(Pass.PAD_GRADIENT, s.batch() * s.filters(), dy);
            args.run(Pass.INPUT_GRADIENT, plan.inputGradientTasks(Tuning.CONV_TILES_PER_TASK), dx);
        }
    }

    /** dw from the padded input and the reordered dy, over the tap tiles. */
    private static void weightGradient(ImplicitConvPlan plan, Pass.Args args, float[] reordered, ConvWorkspace workspace,
                                       MemorySegment dw) {
        args.out = dw;
        args.panels = reordered;
        args.sums = workspace.weightGradientSums(plan.weightGradientSumsSize(Tuning.CONV_GRADIENT_CHUNK));
        args.run(Pass.WEIGHT_GRADIENT, plan.weightGradientTasks(Tuning.CONV_GRADIENT_CHUNK), dw);
        plan.unpackWeightGradient(args.sums, Tuning.CONV_GRADIENT_CHUNK, dw);
    }

    private enum Pass {
        PAD_INPUT, FORWARD, POSITION_FORWARD, REORDER_GRADIENT, WEIGHT_GRADIENT, POSITION_WEIGHT_GRADIENT, PAD_GRADIENT,
        INPUT_GRADIENT, GRADIENT_SAMPLE;

        static Args args() {
            return Args.PER_THREAD.get();
        }

        /**
         * One call's arguments on the kernel threads, in a per-thread instance's fields so a call
         * allocates nothing: {@code x} the tensor being padded or reordered, {@code padded} the
         * padded copy the pass reads, {@code panels} its packed operand, {@code sums} the weight
         * gradient's accumulators (or the per-sample plane sums of dy), {@code reordered} dy
         * reordered for the weight gradient, {@code out} the pass's destination.
         */
        static final class Args implements Workers.Task {
            private static final ThreadLocal<Args> PER_THREAD = ThreadLocal.withInitial(Args::new);

            private Pass pass;
            private ImplicitConvPlan plan;
            private PositionVectorPlan positionPlan;
            private MemorySegment x, w, b, out;
            private float[] padded, panels, reordered, sums;

            void run(Pass pass, int tasks, MemorySegment segment) {
                this.pass = pass;
                Workers.parallelForIf(Workers.workersCanAccess(segment, w), tasks, this);
            }

            /** {@link #run(Pass, int, MemorySegment)} for a pass that reads one segment and writes another. */
            void run(Pass pass, int tasks, MemorySegment from, MemorySegment to) {
                this.pass = pass;
                Workers.parallelForIf(Workers.workersCanAccess(from, to, w), tasks, this);
            }

            void clear() {
                x = w = b = out = null;
                padded = panels = reordered = sums = null;
                plan = null;
                positionPlan = null;
            }

            @Override
            public void run(int task) {
                switch (pass) {
                    case PAD_INPUT -> plan.inputGeometry().pad(x, task, padded);
                    case PAD_GRADIENT -> plan.gradientGeometry().pad(x, task, padded);
                    case FORWARD -> plan.forwardTiles(task, Tuning.CONV_TILES_PER_TASK, padded, panels, b, out);
                    case POSITION_FORWARD -> positionPlan.forwardSample(task, padded, panels, out);
                    case POSITION_WEIGHT_GRADIENT -> positionPlan.weightGradientSamples(task, padded, x, sums);
                    case REORDER_GRADIENT -> plan.reorderGradient(task, x, panels);
                    case WEIGHT_GRADIENT -> plan.weightGradientChunk(task, Tuning.CONV_GRADIENT_CHUNK, padded, panels, sums);
                    case INPUT_GRADIENT -> plan.inputGradientTiles(task, Tuning.CONV_TILES_PER_TASK, padded, panels, out);
                    case GRADIENT_SAMPLE -> plan.gradientSample(task, x, panels, reordered, sums, out);
                }
            }
        }
    }
}
