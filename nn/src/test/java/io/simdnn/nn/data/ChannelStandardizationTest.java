package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Statistics from the training split, applied to any split, carried exactly through metadata. */
class ChannelStandardizationTest {
    /** {@code count} samples of 3 x 2 x 5 with channel c drawn around {@code 10 c} with spread {@code c + 1}. */
    private static Dataset channels(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] features = new float[count * 30];
        for (int s = 0; s < count; s++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 10; i++) {
                    features[s * 30 + c * 10 + i] = (float) (10 * c + (c + 1) * random.nextGaussian());
                }
            }
        }
        return new Dataset("d", features, new int[count], new int[] {3, 2, 5}, List.of("only"));
    }

    private static double[] meanAndStd(Dataset data, int channel) {
        double sum = 0, squares = 0;
        int n = 0;
        for (int s = 0; s < data.count(); s++) {
            for (int i = 0; i < 10; i++) {
                double v = data.features()[s * 30 + channel * 10 + i];
                sum += v;
                squares += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(squares / n - mean * mean)};
    }

    @Test
    void theTrainingSplitBecomesMeanZeroDeviationOnePerChannel() {
        Dataset train = channels(400, 1);
        ChannelStandardization standardization = ChannelStandardization.fit(train);
        assertEquals(20, standardization.means()[2], 0.5);
        assertEquals(3, standardization.stds()[2], 0.2);
        Dataset standardized = standardization.apply(train);
        for (int c = 0; c < 3; c++) {
            double[] stats = meanAndStd(standardized, c);
            assertEquals(0, stats[0], 1e-5, "mean of channel " + c);
            assertEquals(1, stats[1], 1e-5, "deviation of channel " + c);
        }
        assertEquals(20, train.features()[20], 12, "the original is not changed");
    }

    @Test
    void otherSplitsUseTheTrainingStatistics() {
        ChannelStandardization fromTrain = ChannelStandardization.fit(channels(100, 1));
        Dataset test = channels(3, 2);
        Dataset applied = fromTrain.apply(test);
        float expected = (test.features()[35] - fromTrain.means()[0]) / fromTrain.stds()[0]; // sample 1, channel 0
        assertEquals(expected, applied.features()[35]);
    }

    @Test
    void metadataRoundTripsBitForBit() {
        ChannelStandardization original = ChannelStandardization.fit(channels(50, 3));
        Map<String, String> metadata = original.toMetadata();
        assertEquals(Optional.of(original), ChannelStandardization.fromMetadata(metadata));
        assertEquals(Optional.empty(), ChannelStandardization.fromMetadata(Map.of("architecture", "mlp:8")));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelStandardization.fromMetadata(Map.of(ChannelStandardization.MEAN_KEY, "1,2")));
        assertThrows(IllegalArgumentException.class, () -> ChannelStandardization.fromMetadata(
                Map.of(ChannelStandardization.MEAN_KEY, "1,x", ChannelStandardization.STD_KEY, "1,1")));
    }

    @Test
    void aConstantChannelIsOnlyCentredAndAChannelCountMismatchIsRefused() {
        float[] features = {5, 5, 5, 5, 5, 5};
        Dataset constant = new Dataset("c", features, new int[3], new int[] {1, 1, 2}, List.of("only"));
        ChannelStandardization standardization = ChannelStandardization.fit(constant);
        assertArrayEquals(new float[] {1f}, standardization.stds());
        assertArrayEquals(new float[6], standardization.apply(constant).features());
        String message = assertThrows(IllegalArgumentException.class, () -> standardization.apply(channels(2, 1))).getMessage();
        assertTrue(message.contains("3 channels"), message);
    }

    @Test
    void malformedOrNonFiniteMetadataNamesTheKeyAndTheEntry() {
        String mean = ChannelStandardization.MEAN_KEY;
        String std = ChannelStandardization.STD_KEY;
        assertEquals("metadata " + mean + "/" + std + ": " + mean + " entry 1 is '', not a decimal number",
                assertThrows(IllegalArgumentException.class, () -> ChannelStandardization.fromMetadata(Map.of(mean, "0.5,", std, "1,1")))
                        .getMessage());
        assertEquals("metadata " + mean + "/" + std + ": " + std + " entry 0 is 'NaN', not a decimal number",
                assertThrows(IllegalArgumentException.class, () -> ChannelStandardization.fromMetadata(Map.of(mean, "0.5", std, "NaN")))
                        .getMessage());
        assertEquals("metadata " + mean + "/" + std + ": " + mean + " entry 0 is '1e39', beyond float range",
                assertThrows(IllegalArgumentException.class, () -> ChannelStandardization.fromMetadata(Map.of(mean, "1e39", std, "1")))
                        .getMessage());
    }
}
