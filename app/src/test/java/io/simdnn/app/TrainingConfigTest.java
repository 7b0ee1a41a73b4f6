package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.Cifar10Format;
import io.simdnn.nn.data.MnistFormat;
import io.simdnn.nn.train.Augmentation;
import io.simdnn.nn.train.Monitor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings survive the checkpoint metadata exactly; bad ones fail before any data is loaded. */
class TrainingConfigTest {
    private static TrainingConfig config(String optimizer, String schedule, float lr, Path data) {
        return new TrainingConfig("mlp", List.of(64, 32), 7, 50, optimizer, schedule, lr, 0.85f, 0.93f, 3e-5f, "xavier", -12,
                2, Monitor.ACCURACY, 500, 1234, 99, data, true, "flip");
    }

    @Test
    void checkpointsFromBeforeAugmentationResumeWithout() {
        Map<String, String> older = new LinkedHashMap<>(config("sgd", "cosine", 0.05f, null).toMetadata());
        older.remove("config.augment");
        assertEquals(Augmentation.NONE, TrainingConfig.fromMetadata(older).augmentationFor(MnistFormat.FASHION_CLASSES));
    }

    @Test
    void autoFlipsMirrorSafeDataForConvolutionalModelsOnly() {
        TrainingConfig auto = new TrainingConfig("cnn", List.of(), 1, 50, "sgd", "cosine", 0.05f, 0.9f, 0.9f, 0f, "he", 1,
                0, Monitor.LOSS, 500, 1234, 99, null, false, " AUTO ");
        TrainingConfig denseOnly = new TrainingConfig("mlp", List.of(64), 1, 50, "sgd", "cosine", 0.05f, 0.9f, 0.9f, 0f, "he",
                1, 0, Monitor.LOSS, 500, 1234, 99, null, false, "auto");
        assertEquals(Augmentation.NONE, denseOnly.augmentationFor(MnistFormat.FASHION_CLASSES));
        assertEquals(Augmentation.FLIP, auto.augmentationFor(MnistFormat.FASHION_CLASSES));
        assertEquals(Augmentation.FLIP, auto.augmentationFor(Cifar10Format.CLASSES));
        assertEquals(Augmentation.NONE, auto.augmentationFor(MnistFormat.DIGIT_CLASSES));
        assertEquals(auto, TrainingConfig.fromMetadata(auto.toMetadata()));
        // a run stores what auto chose, so a resume does not depend on the rule
        assertEquals("flip", auto.resolvedFor(MnistFormat.FASHION_CLASSES).augment());
        assertEquals("none", auto.resolvedFor(MnistFormat.DIGIT_CLASSES).augment());
        assertEquals(Augmentation.FLIP, auto.resolvedFor(Cifar10Format.CLASSES).trainerSettings().augmentation());
        assertThrows(IllegalStateException.class, auto::trainerSettings);
    }

    @Test
    void unknownAugmentationIsNamed() {
        Map<String, String> bad = new LinkedHashMap<>(config("sgd", "cosine", 0.05f, null).toMetadata());
        bad.put("config.augment", "rotate");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMetadata(bad));
        assertEquals("unknown augmentation 'rotate' (auto, none, flip)", e.getMessage());
    }

    @Test
    void metadataRoundTripsEveryField() {
        TrainingConfig original = config("nesterov", "cosine", 0.0123456789f, Path.of("/tmp/some data"));
        assertEquals(original, TrainingConfig.fromMetadata(original.toMetadata()));
        TrainingConfig defaultData = config("adam", "constant", 1e-3f, null);
        assertEquals(defaultData, TrainingConfig.fromMetadata(defaultData.toMetadata()));
        assertEquals("mlp-64x32-lr0.001-e7", defaultData.label());
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("rmsprop", "cosine", 0.1f, null))
                .getMessage().contains("unknown optimizer 'rmsprop'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("sgd", "linear", 0.1f, null))
                .getMessage().contains("unknown schedule 'linear'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("sgd", "cosine", -1f, null))
                .getMessage().contains("--lr must be finite and > 0"));
        Map<String, String> incomplete = new java.util.HashMap<>(config("sgd", "cosine", 0.1f, null).toMetadata());
        incomplete.remove("config.seed");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMetadata(incomplete))
                .getMessage().contains("config.seed"));
    }

    @Test
    void malformedStoredSettingsNameTheKeyAndTheValue() {
        Map<String, String> stored = new java.util.HashMap<>(config("sgd", "cosine", 0.1f, null).toMetadata());
        stored.put("config.epochs", "");
        assertEquals("the checkpoint's metadata config.epochs is '', not a number",
                assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMetadata(stored)).getMessage());
        stored.put("config.epochs", "7");
        stored.put("config.lr", "NaN");
        assertEquals("the checkpoint's metadata config.lr is NaN, not a finite number",
                assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMetadata(stored)).getMessage());
        stored.put("config.lr", "0.1");
        stored.put("config.hidden", "64,");
        assertEquals("the checkpoint's metadata config.hidden is '', not a number",
                assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromMetadata(stored)).getMessage());
    }
}
