package io.simdnn.kernels.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.TestBuffers;
import io.simdnn.kernels.reference.ReferenceBatchNorm;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Batch normalization against its double-precision reference, in both layouts (S == 1: dense
 * features, vectorized across channels; S > 1: planes, vectorized along each run), with sizes
 * around the vector width, M = N * S down to 1, and inputs offset from zero so that centering
 * matters. Outputs start as NaN.
 *
 * <p>Tolerances: every kernel value is a float sum of at most M = N * S <= 360 terms or a few float
 * operations on such sums, so its error is below M ulps (2e-5 relative) of the magnitudes that
 * enter it. For y those magnitudes are bounded per channel by {@code |gamma| * sqrt(M) + |beta|}
 * (a normalized value is at most sqrt(M) away from 0); for dx by {@code |gamma| invStd} times the
 * sum of the absolute terms of the formula. 1e-4 of that bound leaves a margin of five, while a
 * wrong formula is off by O(1) of it.
 */
class BatchNormProperties {
    private static final float EPS = BatchNorm.DEFAULT_EPSILON;

    private record Case(ChannelShape s, MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment runningMean,
                        MemorySegment runningVar, MemorySegment dy) {}

    private static Case randomCase(Arena arena, ChannelShape s, SplittableRandom random) {
        MemorySegment x = TestBuffers.random(arena, s.size(), random, random.nextDouble(0.1, 3));
        double offset = random.nextDouble(-3, 3);
        for (long i = 0; i < s.size(); i++) {
            Buffers.set(x, i, (float) (Buffers.get(x, i) + offset));
        }
        MemorySegment runningVar = TestBuffers.random(arena, s.channels(), random, 2);
        for (int c = 0; c < s.channels(); c++) {
            Buffers.set(runningVar, c, Math.abs(Buffers.get(runningVar, c)) + 0.1f);
        }
        return new Case(s, x, TestBuffers.random(arena, s.channels(), random, 2), TestBuffers.random(arena, s.channels(), random, 1),
                TestBuffers.random(arena, s.channels(), random, 1), runningVar, TestBuffers.random(arena, s.size(), random, 1));
    }

    private static MemorySegment copy(Arena arena, MemorySegment segment) {
        return Buffers.copyOf(arena, Buffers.toArray(segment));
    }

    @Property(tries = 150)
    void trainingInferenceAndBackwardMatchTheReference(@ForAll @IntRange(min = 1, max = 6) int batch,
                                                       @ForAll @IntRange(min = 1, max = 40) int channels,
                                                       @ForAll @IntRange(min = 1, max = 60) int spatial,
                                                       @ForAll boolean dense, @ForAll @LongRange long seed) {
        ChannelShape s = new ChannelShape(batch, channels, dense ? 1 : spatial);
        SplittableRandom random = new SplittableRandom(seed);
        float momentum = (float) random.nextDouble(0, 1);
        try (Arena arena = Arena.ofShared()) {
            Case k = randomCase(arena, s, random);
            int m = s.valuesPerChannel();
            MemorySegment y = TestBuffers.poisoned(arena, s.size()), yRef = TestBuffers.poisoned(arena, s.size());
            MemorySegment mean = TestBuffers.poisoned(arena, channels), meanRef = TestBuffers.poisoned(arena, channels);
            MemorySegment invStd = TestBuffers.poisoned(arena, channels), invStdRef = TestBuffers.poisoned(arena, channels);
            MemorySegment runMean = copy(arena, k.runningMean), runMeanRef = copy(arena, k.runningMean);
            MemorySegment runVar = copy(arena, k.runningVar), runVarRef = copy(arena, k.runningVar);
            BatchNorm.trainingForward(s, EPS, momentum, k.x, k.gamma, k.beta, y, mean, invStd, runMean, runVar);
            ReferenceBatchNorm.trainingForward(s, EPS, momentum, k.x, k.gamma, k.beta, yRef, meanRef, invStdRef, runMeanRef, runVarRef);
            for (int c = 0; c < channels; c++) {
                float gamma = Buffers.get(k.gamma, c), beta = Buffers.get(k.beta, c);
                double spread = 1 / Buffers.get(invStdRef, c) + Math.abs(Buffers.get(meanRef, c));
                assertEquals(Buffers.get(meanRef, c), Buffers.get(mean, c), 2e-5 * spread, "mean " + c);
                assertEquals(Buffers.get(invStdRef, c), Buffers.get(invStd, c), 1e-4 * Buffers.get(invStdRef, c), "invStd " + c);
                assertEquals(Buffers.get(runMeanRef, c), Buffers.get(runMean, c), 2e-5 * (spread + 1), "running mean " + c);
                assertEquals(Buffers.get(runVarRef, c), Buffers.get(runVar, c), 1e-4 * Math.abs(Buffers.get(runVarRef, c)) + 1e-6,
                        "running variance " + c);
                double bound = Math.abs(gamma) * Math.sqrt(m) + Math.abs(beta);
                for (int n = 0; n < batch; n++) {
                    for (int i = 0; i < s.spatial(); i++) {
                        int at = s.runStart(n, c) + i;
                        assertEquals(Buffers.get(yRef, at), Buffers.get(y, at), 1e-4 * bound, "y at " + at + " of " + s);
                    }
                }
            }
            if (m == 1) {
                assertArrayEquals(Buffers.toArray(k.runningVar), Buffers.toArray(runVar), "one value per channel keeps the running variance");
            }

            MemorySegment yInference = TestBuffers.poisoned(arena, s.size()), yInferenceRef = TestBuffers.poisoned(arena, s.size());
            BatchNorm.inferenceForward(s, EPS, k.x, k.gamma, k.beta, k.runningMean, k.runningVar, yInference);
            ReferenceBatchNorm.inferenceForward(s, EPS, k.x, k.gamma, k.beta, k.runningMean, k.runningVar, yInferenceRef);
            for (int at = 0; at < s.size(); at++) {
                // a few float operations on values of magnitude |x| + |mean| times |gamma| / std, plus |beta|
                int c = (at / s.spatial()) % channels;
                double scale = Math.abs(Buffers.get(k.gamma, c)) / Math.sqrt(Buffers.get(k.runningVar, c) + EPS);
                double bound = scale * (Math.abs(Buffers.get(k.x, at)) + Math.abs(Buffers.get(k.runningMean, c))) + Math.abs(Buffers.get(k.beta, c));
                assertEquals(Buffers.get(yInferenceRef, at), Buffers.get(yInference, at), 1e-5 * bound, "inference y at " + at);
            }

            // backward from the same saved statistics, with and without dx
            MemorySegment dx = TestBuffers.poisoned(arena, s.size()), dxRef = TestBuffers.poisoned(arena, s.size());
            MemorySegment dgamma = TestBuffers.poisoned(arena, channels), dgammaRef = TestBuffers.poisoned(arena, channels);
            MemorySegment dbeta = TestBuffers.poisoned(arena, channels), dbetaRef = TestBuffers.poisoned(arena, channels);
            BatchNorm.backward(s, k.x, k.dy, k.gamma, mean, invStd, dx, dgamma, dbeta);
            ReferenceBatchNorm.backward(s, k.x, k.dy, k.gamma, mean, invStd, dxRef, dgammaRef, dbetaRef);
            for (int c = 0; c < channels; c++) {
                double is = Buffers.get(invStd, c), mu = Buffers.get(mean, c);
                double sumAbsDy = 0, sumAbsDyXhat = 0;
                for (int n = 0; n < batch; n++) {
                    for (int i = 0; i < s.spatial(); i++) {
                        int at = s.runStart(n, c) + i;
                        sumAbsDy += Math.abs(Buffers.get(k.dy, at));
                        sumAbsDyXhat += Math.abs(Buffers.get(k.dy, at) * (Buffers.get(k.x, at) - mu) * is);
                    }
                }
                assertEquals(Buffers.get(dbetaRef, c), Buffers.get(dbeta, c), 2e-5 * sumAbsDy + 1e-7, "dbeta " + c);
                assertEquals(Buffers.get(dgammaRef, c), Buffers.get(dgamma, c), 1e-4 * sumAbsDyXhat + 1e-7, "dgamma " + c);
                double bound = Math.abs(Buffers.get(k.gamma, c)) * is * (1 + sumAbsDy / m + Math.sqrt(m) * sumAbsDyXhat / m);
                for (int n = 0; n < batch; n++) {
                    for (int i = 0; i < s.spatial(); i++) {
                        int at = s.runStart(n, c) + i;
                        assertEquals(Buffers.get(dxRef, at), Buffers.get(dx, at), 1e-4 * bound, "dx at " + at + " of " + s);
                    }
                }
            }
            MemorySegment dgammaOnly = TestBuffers.poisoned(arena, channels), dbetaOnly = TestBuffers.poisoned(arena, channels);
            BatchNorm.backward(s, k.x, k.dy, k.gamma, mean, invStd, null, dgammaOnly, dbetaOnly);
            assertArrayEquals(Buffers.toArray(dgamma), Buffers.toArray(dgammaOnly), "parameter gradients without dx");
            assertArrayEquals(Buffers.toArray(dbeta), Buffers.toArray(dbetaOnly));
        }
    }

    @Test
    void normalizedChannelsHaveMeanZeroAndVarianceOneAndTheGradientIsOrthogonalToThem() {
        ChannelShape s = new ChannelShape(4, 3, 50);
        try (Arena arena = Arena.ofShared()) {
            Case k = randomCase(arena, s, new SplittableRandom(5));
            MemorySegment ones = Buffers.copyOf(arena, new float[] {1, 1, 1}), zeros = Buffers.allocate(arena, 3);
            MemorySegment y = Buffers.allocate(arena, s.size()), mean = Buffers.allocate(arena, 3), invStd = Buffers.allocate(arena, 3);
            BatchNorm.trainingForward(s, 0x1p-40f, 0.1f, k.x, ones, zeros, y, mean, invStd, Buffers.allocate(arena, 3), Buffers.allocate(arena, 3));
            MemorySegment dx = Buffers.allocate(arena, s.size());
            BatchNorm.backward(s, k.x, k.dy, ones, mean, invStd, dx, Buffers.allocate(arena, 3), Buffers.allocate(arena, 3));
            for (int c = 0; c < 3; c++) {
                double sum = 0, squares = 0, gradSum = 0, gradDotY = 0;
                for (int n = 0; n < 4; n++) {
                    for (int i = 0; i < 50; i++) {
                        int at = s.runStart(n, c) + i;
                        sum += Buffers.get(y, at);
                        squares += Buffers.get(y, at) * Buffers.get(y, at);
                        gradSum += Buffers.get(dx, at);
                        gradDotY += Buffers.get(dx, at) * Buffers.get(y, at);
                    }
                }
                assertEquals(0, sum / 200, 1e-5);
                assertEquals(1, squares / 200, 1e-4);
                // shifting or scaling a channel's input does not change its output: dx has no such component
                assertEquals(0, gradSum, 1e-4);
                assertEquals(0, gradDotY, 1e-4);
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        int saved = KernelThreads.parallelism();
        try (Arena arena = Arena.ofShared()) {
            for (ChannelShape s : new ChannelShape[] {new ChannelShape(5, 600, 1), new ChannelShape(3, 9, 100)}) {
                Case k = randomCase(arena, s, new SplittableRandom(s.size()));
                float[][] results = new float[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    KernelThreads.setParallelism(threads);
                    int c = s.channels();
                    MemorySegment y = Buffers.allocate(arena, s.size()), dx = Buffers.allocate(arena, s.size());
                    MemorySegment stats = Buffers.allocate(arena, 6L * c);
                    MemorySegment runMean = copy(arena, k.runningMean), runVar = copy(arena, k.runningVar);
                    BatchNorm.trainingForward(s, EPS, 0.1f, k.x, k.gamma, k.beta, y, stats.asSlice(0, 4L * c), stats.asSlice(4L * c, 4L * c),
                            runMean, runVar);
                    BatchNorm.backward(s, k.x, k.dy, k.gamma, stats.asSlice(0, 4L * c), stats.asSlice(4L * c, 4L * c), dx,
                            stats.asSlice(8L * c, 4L * c), stats.asSlice(12L * c, 4L * c));
                    results[threads - 1] = concat(y, dx, stats, runMean, runVar);
                }
                assertArrayEquals(results[0], results[1], "1 vs 2 threads for " + s);
            }
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    private static float[] concat(MemorySegment... segments) {
        return java.util.Arrays.stream(segments).map(Buffers::toArray)
                .reduce(new float[0], (a, b) -> {
                    float[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, joined, a.length, b.length);
                    return joined;
                });
    }

    @Test
    void badArgumentsAreNamedAndNothingIsWritten() {
        ChannelShape s = new ChannelShape(2, 3, 4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = TestBuffers.random(arena, 24, new SplittableRandom(1), 1);
            MemorySegment c3 = Buffers.allocate(arena, 3), c2 = Buffers.allocate(arena, 2);
            MemorySegment y = TestBuffers.poisoned(arena, 24);
            IllegalArgumentException shortGamma = assertThrows(IllegalArgumentException.class,
                    () -> BatchNorm.trainingForward(s, EPS, 0.1f, x, c2, c3, y, c3, c3, c3, c3));
            assertTrue(shortGamma.getMessage().contains("gamma (one per channel of 2 x 3 x 4)"), shortGamma.getMessage());
            assertTrue(Float.isNaN(Buffers.get(y, 0)), "y was written");
            IllegalArgumentException shortY = assertThrows(IllegalArgumentException.class,
                    () -> BatchNorm.inferenceForward(s, EPS, x, c3, c3, c3, c3, Buffers.allocate(arena, 23)));
            assertTrue(shortY.getMessage().contains("output y (2 x 3 x 4)"), shortY.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BatchNorm.trainingForward(s, 0f, 0.1f, x, c3, c3, y, c3, c3, c3, c3));
            assertThrows(IllegalArgumentException.class, () -> BatchNorm.trainingForward(s, EPS, 1.5f, x, c3, c3, y, c3, c3, c3, c3));
            IllegalArgumentException shortDx = assertThrows(IllegalArgumentException.class,
                    () -> BatchNorm.backward(s, x, x, c3, c3, c3, Buffers.allocate(arena, 20), c3, c3));
            assertTrue(shortDx.getMessage().contains("input gradient dx"), shortDx.getMessage());
        }
    }
}
