package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.tensor.Tensor;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batches copy every sample once per epoch, as stored or (flip) mirrored, the same for the same seed. */
class BatchesTest {
    private static final int COUNT = 1000;
    private static final int BATCH = 64;
    private static final int[] SHAPE = {2, 3, 4};
    private static final int SIZE = 24;

    /** Sample s holds s * 100 + its index in the sample, so every value says where it came from. */
    private static Dataset images() {
        float[] features = new float[COUNT * SIZE];
        int[] labels = new int[COUNT];
        for (int s = 0; s < COUNT; s++) {
            for (int j = 0; j < SIZE; j++) {
                features[s * SIZE + j] = s * 100 + j;
            }
            labels[s] = s % 10;
        }
        return new Dataset("images", features, labels, SHAPE, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    /** Every sample of the current epoch, in batch order; their labels into {@code labelsOut}. */
    private static List<float[]> epoch(Batches batches, Arena arena, int[] labelsOut) {
        Tensor input = Tensor.allocate(arena, BATCH, 2, 3, 4);
        int[] labels = new int[BATCH];
        List<float[]> samples = new ArrayList<>();
        for (int b = 0; b < batches.count(); b++) {
            int size = batches.fill(b, input, labels);
            float[] all = input.toArray();
            for (int i = 0; i < size; i++) {
                samples.add(Arrays.copyOfRange(all, i * SIZE, (i + 1) * SIZE));
                labelsOut[samples.size() - 1] = labels[i];
            }
        }
        return samples;
    }

    /** Flipping batches of {@code data} with the augmentation seed {@code seed}, after one shuffle (seed 1). */
    private static Batches flippingAfterOneShuffle(Dataset data, long seed) {
        Batches batches = new Batches(data, BATCH, Augmentation.FLIP, seed);
        batches.shuffle(new SplittableRandom(1));
        return batches;
    }

    private static float[] mirrored(float[] sample) {
        float[] out = new float[SIZE];
        for (int row = 0; row < SIZE; row += 4) {
            for (int x = 0; x < 4; x++) {
                out[row + x] = sample[row + 3 - x];
            }
        }
        return out;
    }

    @Test
    void flipCopiesEverySampleOnceEitherAsStoredOrMirroredAboutHalfMirrored() {
        Dataset data = images();
        try (Arena arena = Arena.ofConfined()) {
            Batches batches = flippingAfterOneShuffle(data, 5);
            int[] labels = new int[COUNT];
            List<float[]> samples = epoch(batches, arena, labels);
            assertEquals(COUNT, samples.size());
            boolean[] seen = new boolean[COUNT];
            int flipped = 0;
            for (int i = 0; i < COUNT; i++) {
                float[] sample = samples.get(i);
                int source = (int) (Math.min(sample[0], sample[3]) / 100);
                float[] stored = Arrays.copyOfRange(data.features(), source * SIZE, (source + 1) * SIZE);
                boolean asStored = Arrays.equals(stored, sample);
                assertTrue(asStored || Arrays.equals(mirrored(stored), sample), "sample " + i + " is neither");
                flipped += asStored ? 0 : 1;
                assertEquals(data.labels()[source], labels[i]);
                seen[source] = true;
            }
            for (boolean s : seen) {
                assertTrue(s);
            }
            // binomial(1000, 1/2): outside 400..600 with probability below 1e-9
            assertTrue(flipped > 400 && flipped < 600, flipped + " of " + COUNT + " mirrored");
        }
    }

    @Test
    void theSameSeedAndEpochGiveTheSameBatchesAndEpochsDiffer() {
        Dataset data = images();
        try (Arena arena = Arena.ofConfined()) {
            Batches first = new Batches(data, BATCH, Augmentation.FLIP, 9);
            Batches second = new Batches(data, BATCH, Augmentation.FLIP, 9);
            SplittableRandom a = new SplittableRandom(3);
            SplittableRandom b = new SplittableRandom(3);
            first.shuffle(a);
            second.shuffle(b);
            int[] labels = new int[COUNT];
            List<float[]> epochOne = epoch(first, arena, labels);
            assertArrayEquals(epochOne.toArray(), epoch(second, arena, labels).toArray());
            // a resumed run replays the shuffles and reaches the same second epoch
            first.shuffle(a);
            second.shuffle(b);
            List<float[]> epochTwo = epoch(first, arena, labels);
            assertArrayEquals(epochTwo.toArray(), epoch(second, arena, labels).toArray());
            Batches unshuffledOrder = new Batches(data, BATCH, Augmentation.FLIP, 9);
            unshuffledOrder.shuffle(new SplittableRandom(3));
            unshuffledOrder.shuffle(new SplittableRandom(3));
            assertTrue(!Arrays.deepEquals(epochTwo.toArray(), epoch(unshuffledOrder, arena, labels).toArray()));
        }
    }

    /** Which positions of the current epoch come out mirrored (sample value 3 before value 0 in its first row). */
    private static boolean[] mirroredPositions(Batches batches, Arena arena) {
        int[] labels = new int[COUNT];
        List<float[]> samples = epoch(batches, arena, labels);
        boolean[] mirrored = new boolean[COUNT];
        for (int i = 0; i < COUNT; i++) {
            mirrored[i] = samples.get(i)[0] > samples.get(i)[3];
        }
        return mirrored;
    }

    @Test
    void theCoinsChangeFromEpochToEpochAndWithTheSeed() {
        Dataset data = images();
        try (Arena arena = Arena.ofConfined()) {
            Batches batches = flippingAfterOneShuffle(data, 5);
            boolean[] first = mirroredPositions(batches, arena);
            batches.shuffle(new SplittableRandom(1));
            boolean[] second = mirroredPositions(batches, arena);
            boolean[] otherFirst = mirroredPositions(flippingAfterOneShuffle(data, 6), arena);
            int epochChanges = 0, seedChanges = 0;
            for (int i = 0; i < COUNT; i++) {
                epochChanges += first[i] != second[i] ? 1 : 0;
                seedChanges += first[i] != otherFirst[i] ? 1 : 0;
            }
            // independent fair coins differ at about half the positions
            assertTrue(epochChanges > 400 && epochChanges < 600, epochChanges + " positions changed between epochs");
            assertTrue(seedChanges > 400 && seedChanges < 600, seedChanges + " positions changed with the seed");
        }
    }

    @Test
    void withoutAugmentationSamplesAreCopiedAsStored() {
        Dataset data = images();
        try (Arena arena = Arena.ofConfined()) {
            Batches batches = new Batches(data, BATCH);
            int[] labels = new int[COUNT];
            List<float[]> samples = epoch(batches, arena, labels);
            for (int s = 0; s < COUNT; s++) {
                assertArrayEquals(Arrays.copyOfRange(data.features(), s * SIZE, (s + 1) * SIZE), samples.get(s));
            }
        }
    }

    @Test
    void flipNeedsImages() {
        Dataset flat = new Dataset("flat", new float[20], new int[] {0, 1}, new int[] {10}, List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Batches(flat, 2, Augmentation.FLIP, 0));
        assertEquals("the flip augmentation mirrors images, and flat has samples of shape [10]", e.getMessage());
    }
}
