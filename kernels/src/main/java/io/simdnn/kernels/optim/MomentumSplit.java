package io.simdnn.kernels.optim;

import java.lang.foreign.MemorySegment;
import io.simdnn.kernels.internal.ElementwiseSplit;

/** A momentum update (a = weights, b = gradient, c = velocity or first moment) split over the worker threads. */
final class MomentumSplit extends ElementwiseSplit {
    /** The momentum rules of {@link OptimizerUpdates}. */
    enum Rule { SGD, AVERAGED, NESTEROV }

    private static final ThreadLocal<MomentumSplit> SPLITS = ThreadLocal.withInitial(MomentumSplit::new);

    private Rule rule;
    private float learningRate, momentum, l2;

    private MomentumSplit() {}

    /** Runs {@code rule} over elements [0, n) on this thread's instance. */
    static void run(Rule rule, long n, float learningRate, float momentum, float l2,
                    MemorySegment w, long wOffset, MemorySegment g, long gOffset, MemorySegment v, long vOffset) {
        MomentumSplit split = SPLITS.get();
        split.rule = rule;
        split.learningRate = learningRate;
        split.momentum = momentum;
        split.l2 = l2;
        split.split(n, w, wOffset, g, gOffset, v, vOffset);
    }

    @Override
    protected void runRange(long from, long count) {
        long ia = aOffset + from, ib = bOffset + from, ic = cOffset + from;
        switch (rule) {
            case SGD -> OptimizerKernels.sgdMomentum(count, learningRate, momentum, l2, a, ia, b, ib, c, ic);
            case AVERAGED -> OptimizerKernels.averagedMomentum(count, learningRate, momentum, l2, a, ia, b, ib, c, ic);
            case NESTEROV -> OptimizerKernels.nesterov(count, learningRate, momentum, l2, a, ia, b, ib, c, ic);
        }
    }
}
