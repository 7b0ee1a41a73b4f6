package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector bodies of the streaming kernels (activations, bias, optimizer updates): one pass over
 * memory, full vectors in the main loop, scalar tails. Arguments are validated by the public
 * classes that call these. These kernels are bound by memory bandwidth, not arithmetic.
 */
final class ElementwiseKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long F = Float.BYTES;

    private ElementwiseKernels() {}

    private static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index * F, ORDER);
    }

    static void relu(long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(x, xOffset + i).max(0f).intoMemorySegment(y, (yOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            y.setAtIndex(Buffers.FLOAT, yOffset + i, Math.max(x.getAtIndex(Buffers.FLOAT, xOffset + i), 0f));
        }
    }

    static void reluBackward(long n, MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                             MemorySegment dx, long dxOffset) {
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            VectorMask<Float> inactive = load(x, xOffset + i).compare(VectorOperators.LE, 0f);
            load(dy, dyOffset + i).blend(0f, inactive).intoMemorySegment(dx, (dxOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            boolean active = x.getAtIndex(Buffers.FLOAT, xOffset + i) > 0;
            dx.setAtIndex(Buffers.FLOAT, dxOffset + i, active ? dy.getAtIndex(Buffers.FLOAT, dyOffset + i) : 0f);
        }
    }

    /** {@code y[r][c] += bias[c]} for an {@code rows x cols} block with leading dimension ld. */
    static void addBiasToRows(int rows, int cols, MemorySegment bias, long biasOffset,
                              MemorySegment y, long yOffset, int ld) {
        for (int r = 0; r < rows; r++) {
            long row = yOffset + (long) r * ld;
            int c = 0;
            for (int bound = SPECIES.loopBound(cols); c < bound; c += LANES) {
                load(y, row + c).add(load(bias, biasOffset + c)).intoMemorySegment(y, (row + c) * F, ORDER);
            }
            for (; c < cols; c++) {
                y.setAtIndex(Buffers.FLOAT, row + c, y.getAtIndex(Buffers.FLOAT, row + c) + bias.getAtIndex(Buffers.FLOAT, biasOffset + c));
            }
        }
    }

    /**
     * {@code sums[c] = sum_r x[r][c]}, rows added in order 0, 1, ... for every column (so the
     * vector and scalar columns round alike).
     */
    static void columnSums(int rows, int cols, MemorySegment x, long xOffset, int ld, MemorySegment sums, long sumsOffset) {
        Buffers.fillZero(sums, sumsOffset, cols);
        for (int r = 0; r < rows; r++) {
            long row = xOffset + (long) r * ld;
            int c = 0;
            for (int bound = SPECIES.loopBound(cols); c < bound; c += LANES) {
                load(sums, sumsOffset + c).add(load(x, row + c)).intoMemorySegment(sums, (sumsOffset + c) * F, ORDER);
            }
            for (; c < cols; c++) {
                sums.setAtIndex(Buffers.FLOAT, sumsOffset + c, sums.getAtIndex(Buffers.FLOAT, sumsOffset + c) + x.getAtIndex(Buffers.FLOAT, row + c));
            }
        }
    }

    /**
     * Classical momentum with L2: {@code g' = g + 2 l2 w; v = mu v - lr g'; w = w + v}. The
     * scalar tail repeats the same operation order, so every element rounds as in the reference.
     */
    static void sgdMomentum(long n, float learningRate, float momentum, float l2,
                            MemorySegment w, long wOffset, MemorySegment g, long gOffset, MemorySegment v, long vOffset) {
        float twiceL2 = 2 * l2;
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector velocity = load(v, vOffset + i).mul(momentum).sub(gradient.mul(learningRate));
            velocity.intoMemorySegment(v, (vOffset + i) * F, ORDER);
            weight.add(velocity).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(Buffers.FLOAT, wOffset + i);
            float gradient = g.getAtIndex(Buffers.FLOAT, gOffset + i) + weight * twiceL2;
            float velocity = v.getAtIndex(Buffers.FLOAT, vOffset + i) * momentum - gradient * learningRate;
            v.setAtIndex(Buffers.FLOAT, vOffset + i, velocity);
            w.setAtIndex(Buffers.FLOAT, wOffset + i, weight + velocity);
        }
    }

    static double sumOfSquares(long n, MemorySegment x, long offset) {
        // four independent accumulators: one FMA chain waits 4 cycles per vector, which kept this
        // pass at ~0.6 of copy bandwidth; they are combined in a fixed order, so results stay stable
        FloatVector sums0 = FloatVector.zero(SPECIES), sums1 = FloatVector.zero(SPECIES);
        FloatVector sums2 = FloatVector.zero(SPECIES), sums3 = FloatVector.zero(SPECIES);
        long i = 0;
        for (long bound = n - 4L * LANES; i <= bound; i += 4L * LANES) {
            FloatVector v0 = load(x, offset + i), v1 = load(x, offset + i + LANES);
            FloatVector v2 = load(x, offset + i + 2L * LANES), v3 = load(x, offset + i + 3L * LANES);
            sums0 = v0.fma(v0, sums0);
            sums1 = v1.fma(v1, sums1);
            sums2 = v2.fma(v2, sums2);
            sums3 = v3.fma(v3, sums3);
        }
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector value = load(x, offset + i);
            sums0 = value.fma(value, sums0);
        }
        double sum = LaneSums.sum(sums0.add(sums1).add(sums2.add(sums3)));
        for (; i < n; i++) {
            double value = x.getAtIndex(Buffers.FLOAT, offset + i);
            sum += value * value;
        }
        return sum;
    }

    /** {@code dst[i] += src[i]} for {@code i < n}: the accumulation step of col2im. */
    static void addInto(int n, MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(dst, dstOffset + i).add(load(src, srcOffset + i)).intoMemorySegment(dst, (dstOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            dst.setAtIndex(Buffers.FLOAT, dstOffset + i, dst.getAtIndex(Buffers.FLOAT, dstOffset + i) + src.getAtIndex(Buffers.FLOAT, srcOffset + i));
        }
    }

    /** {@code dst[i] = src[i] + value} for {@code i < n}: a copy with a bias, e.g. into a conv output plane. */
    static void addScalar(int n, MemorySegment src, long srcOffset, float value, MemorySegment dst, long dstOffset) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            load(src, srcOffset + i).add(value).intoMemorySegment(dst, (dstOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            dst.setAtIndex(Buffers.FLOAT, dstOffset + i, src.getAtIndex(Buffers.FLOAT, srcOffset + i) + value);
        }
    }

    /** {@code sum of x[i]} for {@code i < n}, in lanes, then the lanes in order, then the tail. */
    static float sum(int n, MemorySegment x, long offset) {
        FloatVector lanes = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            lanes = lanes.add(load(x, offset + i));
        }
        float sum = LaneSums.sum(lanes);
        for (; i < n; i++) {
            sum += x.getAtIndex(Buffers.FLOAT, offset + i);
        }
        return sum;
    }

    /*
     * The smooth activations choose their formula once per call, outside the loop: with the
     * switch inside, one loop merged the three formulas' vectors, and in a JVM that had run all
     * three (as the test suite does) C2 sometimes compiled it boxing those vectors, 7.7 KB per
     * training step of a small model.
     */

    static void smoothForward(Activations.Smooth f, long n, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        long bound = SPECIES.loopBound(n);
        switch (f) {
            case TANH -> tanhForward(bound, 1f, 1f, x, xOffset, y, yOffset);
            case SCALED_TANH -> tanhForward(bound, 2f / 3, Activations.SCALE, x, xOffset, y, yOffset);
            case SIGMOID -> sigmoidForward(bound, x, xOffset, y, yOffset);
        }
        for (long i = bound; i < n; i++) {
            y.setAtIndex(Buffers.FLOAT, yOffset + i, f.apply(x.getAtIndex(Buffers.FLOAT, xOffset + i)));
        }
    }

    /** {@code y = outer * tanh(inner * x)} over whole vectors. */
    private static void tanhForward(long bound, float inner, float outer, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        for (long i = 0; i < bound; i += LANES) {
            load(x, xOffset + i).mul(inner).lanewise(VectorOperators.TANH).mul(outer).intoMemorySegment(y, (yOffset + i) * F, ORDER);
        }
    }

    /** {@code y = 1 / (1 + e^-x)} over whole vectors. */
    private static void sigmoidForward(long bound, MemorySegment x, long xOffset, MemorySegment y, long yOffset) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (long i = 0; i < bound; i += LANES) {
            one.div(load(x, xOffset + i).neg().lanewise(VectorOperators.EXP).add(1f)).intoMemorySegment(y, (yOffset + i) * F, ORDER);
        }
    }

    static void smoothBackward(Activations.Smooth f, long n, MemorySegment y, long yOffset, MemorySegment dy, long dyOffset,
                               MemorySegment dx, long dxOffset) {
        long bound = SPECIES.loopBound(n);
        switch (f) {
            // tanh: 1 - y^2; scaled tanh a tanh(b x): b (a - y^2 / a)
            case TANH -> tanhBackward(bound, 1f, 1f, y, yOffset, dy, dyOffset, dx, dxOffset);
            case SCALED_TANH -> tanhBackward(bound, Activations.SCALE, (float) (2.0 / 3), y, yOffset, dy, dyOffset, dx, dxOffset);
            case SIGMOID -> sigmoidBackward(bound, y, yOffset, dy, dyOffset, dx, dxOffset);
        }
        for (long i = bound; i < n; i++) {
            dx.setAtIndex(Buffers.FLOAT, dxOffset + i,
                    dy.getAtIndex(Buffers.FLOAT, dyOffset + i) * f.derivativeFromOutput(y.getAtIndex(Buffers.FLOAT, yOffset + i)));
        }
    }

    /** {@code dx = dy * inner * (outer - y^2 / outer)} over whole vectors (outer * tanh(inner * x) has that slope). */
    private static void tanhBackward(long bound, float outer, float inner, MemorySegment y, long yOffset,
                                     MemorySegment dy, long dyOffset, MemorySegment dx, long dxOffset) {
        for (long i = 0; i < bound; i += LANES) {
            FloatVector out = load(y, yOffset + i);
            FloatVector slope = out.mul(out).div(-outer).add(outer).mul(inner);
            load(dy, dyOffset + i).mul(slope).intoMemorySegment(dx, (dxOffset + i) * F, ORDER);
        }
    }

    /** {@code dx = dy * y (1 - y)} over whole vectors. */
    private static void sigmoidBackward(long bound, MemorySegment y, long yOffset, MemorySegment dy, long dyOffset,
                                        MemorySegment dx, long dxOffset) {
        for (long i = 0; i < bound; i += LANES) {
            FloatVector out = load(y, yOffset + i);
            load(dy, dyOffset + i).mul(out.mul(out.neg().add(1f))).intoMemorySegment(dx, (dxOffset + i) * F, ORDER);
        }
    }

    static void averagedMomentum(long n, float learningRate, float momentum, float l2,
                                 MemorySegment w, long wOffset, MemorySegment g, long gOffset, MemorySegment m, long mOffset) {
        float twiceL2 = 2 * l2;
        float keep = 1 - momentum;
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector average = load(m, mOffset + i).mul(momentum).add(gradient.mul(keep));
            average.intoMemorySegment(m, (mOffset + i) * F, ORDER);
            weight.sub(average.mul(learningRate)).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(Buffers.FLOAT, wOffset + i);
            float gradient = g.getAtIndex(Buffers.FLOAT, gOffset + i) + weight * twiceL2;
            float average = m.getAtIndex(Buffers.FLOAT, mOffset + i) * momentum + gradient * keep;
            m.setAtIndex(Buffers.FLOAT, mOffset + i, average);
            w.setAtIndex(Buffers.FLOAT, wOffset + i, weight - average * learningRate);
        }
    }

    static void nesterov(long n, float learningRate, float momentum, float l2,
                         MemorySegment w, long wOffset, MemorySegment g, long gOffset, MemorySegment v, long vOffset) {
        float twiceL2 = 2 * l2;
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector velocity = load(v, vOffset + i).mul(momentum).add(gradient);
            velocity.intoMemorySegment(v, (vOffset + i) * F, ORDER);
            weight.sub(gradient.add(velocity.mul(momentum)).mul(learningRate)).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(Buffers.FLOAT, wOffset + i);
            float gradient = g.getAtIndex(Buffers.FLOAT, gOffset + i) + weight * twiceL2;
            float velocity = v.getAtIndex(Buffers.FLOAT, vOffset + i) * momentum + gradient;
            v.setAtIndex(Buffers.FLOAT, vOffset + i, velocity);
            w.setAtIndex(Buffers.FLOAT, wOffset + i, weight - (gradient + velocity * momentum) * learningRate);
        }
    }

    static void adam(long n, float learningRate, float beta1, float beta2, float epsilon, float l2, long t,
                     MemorySegment w, long wOffset, MemorySegment g, long gOffset,
                     MemorySegment m, long mOffset, MemorySegment v, long vOffset) {
        float twiceL2 = 2 * l2;
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        float correction1 = OptimizerUpdates.biasCorrection(beta1, t);
        float correction2 = OptimizerUpdates.biasCorrection(beta2, t);
        long i = 0;
        for (long bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector weight = load(w, wOffset + i);
            FloatVector gradient = load(g, gOffset + i).add(weight.mul(twiceL2));
            FloatVector first = load(m, mOffset + i).mul(beta1).add(gradient.mul(keep1));
            FloatVector second = load(v, vOffset + i).mul(beta2).add(gradient.mul(gradient).mul(keep2));
            first.intoMemorySegment(m, (mOffset + i) * F, ORDER);
            second.intoMemorySegment(v, (vOffset + i) * F, ORDER);
            FloatVector step = first.div(correction1).div(second.div(correction2).lanewise(VectorOperators.SQRT).add(epsilon));
            weight.sub(step.mul(learningRate)).intoMemorySegment(w, (wOffset + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float weight = w.getAtIndex(Buffers.FLOAT, wOffset + i);
            float gradient = g.getAtIndex(Buffers.FLOAT, gOffset + i) + weight * twiceL2;
            float first = m.getAtIndex(Buffers.FLOAT, mOffset + i) * beta1 + gradient * keep1;
            float second = v.getAtIndex(Buffers.FLOAT, vOffset + i) * beta2 + gradient * gradient * keep2;
            m.setAtIndex(Buffers.FLOAT, mOffset + i, first);
            v.setAtIndex(Buffers.FLOAT, vOffset + i, second);
            float step = (first / correction1) / ((float) Math.sqrt(second / correction2) + epsilon);
            w.setAtIndex(Buffers.FLOAT, wOffset + i, weight - step * learningRate);
        }
    }
}
