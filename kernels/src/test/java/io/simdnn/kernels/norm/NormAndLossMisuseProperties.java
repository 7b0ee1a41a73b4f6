package io.simdnn.kernels.norm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.Misuse;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.elementwise.Bias;
import io.simdnn.kernels.loss.SoftmaxCrossEntropy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Batch norm, softmax cross-entropy and the bias kernels given one invalid argument (a partial
 * overlap, two outputs sharing memory, a short or misaligned segment, a label out of range in
 * the last row) throw {@link IllegalArgumentException} with their outputs untouched.
 */
class NormAndLossMisuseProperties {
    private enum Fault { BN_Y_PARTIALLY_OVERLAPS_X, BN_MEAN_IS_RUNNING_MEAN, BN_DGAMMA_OVERLAPS_DX, BN_SHORT_INVSTD,
        SOFTMAX_GRAD_SHIFTED_OVER_LOGITS, SOFTMAX_LAST_LABEL_OUT_OF_RANGE, SOFTMAX_MISALIGNED_GRAD, BIAS_ROWS_OVER_BIAS }

    @Property(tries = 200)
    void invalidArgumentsLeaveOutputsUntouched(@ForAll Fault fault, @ForAll @IntRange(min = 1, max = 4) int batch,
                                               @ForAll @IntRange(min = 1, max = 5) int channels,
                                               @ForAll @IntRange(min = 2, max = 40) int spatial, @ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ChannelShape s = new ChannelShape(batch, channels, spatial);
        int size = s.size();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = TestBuffers.random(arena, size, random, 1), y = TestBuffers.random(arena, size, random, 1);
            MemorySegment gamma = TestBuffers.random(arena, channels, random, 1), beta = TestBuffers.random(arena, channels, random, 1);
            MemorySegment mean = TestBuffers.random(arena, channels, random, 1), invStd = TestBuffers.random(arena, channels, random, 1);
            MemorySegment runningMean = TestBuffers.random(arena, channels, random, 1);
            MemorySegment runningVar = TestBuffers.random(arena, channels, random, 1);
            MemorySegment dx = TestBuffers.random(arena, size, random, 1);
            MemorySegment dgamma = TestBuffers.random(arena, channels, random, 1), dbeta = TestBuffers.random(arena, channels, random, 1);
            // softmax: rows = batch, classes = spatial
            int n = batch, k = spatial;
            MemorySegment logits = TestBuffers.random(arena, (long) n * k, random, 1), grad = TestBuffers.random(arena, (long) n * k, random, 1);
            int[] labels = random.ints(n, 0, k).toArray();
            switch (fault) {
                case BN_Y_PARTIALLY_OVERLAPS_X -> {
                    MemorySegment shared = TestBuffers.random(arena, 2L * size, random, 1);
                    MemorySegment shiftedY = shared.asSlice(4L * (1 + random.nextInt(size - 1)), 4L * size);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> BatchNorm.trainingForward(s, 1e-5f, 0.1f,
                            shared, gamma, beta, shiftedY, mean, invStd, runningMean, runningVar), shared, mean, invStd, runningMean, runningVar);
                }
                case BN_MEAN_IS_RUNNING_MEAN -> Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                        () -> BatchNorm.trainingForward(s, 1e-5f, 0.1f, x, gamma, beta, y, mean, invStd, mean, runningVar),
                        y, mean, invStd, runningVar);
                case BN_DGAMMA_OVERLAPS_DX -> {
                    MemorySegment sharedDgamma = dx.asSlice(4L * random.nextInt(size - channels + 1), 4L * channels);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> BatchNorm.backward(s, x, y, gamma, mean, invStd, dx, sharedDgamma, dbeta), dx, dbeta);
                }
                case BN_SHORT_INVSTD -> {
                    MemorySegment shortInvStd = TestBuffers.random(arena, channels - 1, random, 1);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, () -> BatchNorm.trainingForward(s, 1e-5f, 0.1f,
                            x, gamma, beta, y, mean, shortInvStd, runningMean, runningVar), y, mean, shortInvStd, runningMean, runningVar);
                }
                case SOFTMAX_GRAD_SHIFTED_OVER_LOGITS -> {
                    MemorySegment shared = TestBuffers.random(arena, 2L * n * k, random, 1);
                    long shift = 1 + random.nextInt(n * k - 1);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class, random.nextBoolean()
                            ? () -> SoftmaxCrossEntropy.lossAndGradient(n, k, shared, 0, k, labels, 0, shared, shift, k)
                            : () -> SoftmaxCrossEntropy.softmax(n, k, shared, shift, k, shared, 0, k), shared);
                }
                case SOFTMAX_LAST_LABEL_OUT_OF_RANGE -> {
                    labels[n - 1] = random.nextBoolean() ? k + random.nextInt(3) : -1 - random.nextInt(3);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> SoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, grad, 0, k), grad);
                }
                case SOFTMAX_MISALIGNED_GRAD -> {
                    MemorySegment misaligned = Misuse.misaligned(arena, (long) n * k, 3);
                    Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                            () -> SoftmaxCrossEntropy.lossAndGradient(n, k, logits, 0, k, labels, 0, misaligned, 0, k), misaligned);
                }
                case BIAS_ROWS_OVER_BIAS -> Misuse.assertRejectedUntouched(IllegalArgumentException.class,
                        () -> Bias.addToRows(n, k, x, random.nextInt(n * k - k + 1), x, 0, k), x);
            }
        }
    }
}
