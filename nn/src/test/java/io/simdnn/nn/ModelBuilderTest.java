package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link ModelBuilder}: what it requires, its defaults, and that its model is the one the low-level constructor builds. */
class ModelBuilderTest {
    private static final Dataset DATA = TinyData.learnable("data", 20, 4, 3, 1);

    @Test
    void buildsTheSpecsLayersInitializedFromTheSeed() {
        try (Model built = Model.builder("mlp:8").forData(DATA).seed(5).initializer(Initializer.XAVIER).maxBatch(16).build();
             Model manual = new Model(ModelSpec.parse("mlp:8").layers(3, Initializer.XAVIER), new int[] {1, 4, 4}, 16)) {
            manual.initialize(new SplittableRandom(5));
            assertEquals(manual.describe(), built.describe());
            assertEquals(16, built.maxBatch());
            List<Tensor> expected = List.copyOf(manual.stateDict().values());
            List<Tensor> actual = List.copyOf(built.stateDict().values());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).toArray(), actual.get(i).toArray(), "tensor " + i);
            }
            assertEquals(DATA.classNames(), built.classNames());
            assertArrayEquals(new int[] {1, 4, 4}, built.inputShape());
            assertEquals("mlp:8", built.spec().orElseThrow().toString());
            assertFalse(built.standardization().isPresent());
        }
    }

    @Test
    void defaultsAreSeed42AndBatch256AndNamesDefaultForLayerListModels() {
        try (Model a = Model.builder("mlp:8").inputShape(1, 4, 4).classes(List.of("a", "b", "c")).build();
             Model b = Model.builder(ModelSpec.parse("mlp:8")).forData(DATA).seed(42).build()) {
            assertEquals(ModelBuilder.DEFAULT_MAX_BATCH, a.maxBatch());
            assertArrayEquals(a.params().getFirst().value().toArray(), b.params().getFirst().value().toArray());
        }
        try (Model plain = new Model(ModelSpec.parse("mlp:8").layers(3, Initializer.HE), new int[] {16}, 4)) {
            assertEquals(List.of("0", "1", "2"), plain.classNames());
            assertTrue(plain.spec().isEmpty());
        }
    }

    @Test
    void keepsTheStandardization() {
        ChannelStandardization standardization = ChannelStandardization.fit(DATA);
        try (Model model = Model.builder("mlp:8").forData(DATA).standardization(standardization).build()) {
            assertEquals(standardization, model.standardization().orElseThrow());
        }
    }

    @Test
    void refusesMissingOrBadSettingsWithAMessage() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Model.builder("mlp:8").inputShape(1, 4, 4).build());
        assertTrue(missing.getMessage().contains("classes("), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Model.builder("mlp:8").classes(List.of("a,b", "c")));
        assertThrows(IllegalArgumentException.class, () -> Model.builder("mlp:8").classes(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Model.builder("mlp:8").inputShape(1, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Model.builder("mlp:8").maxBatch(0));
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> Model.builder("flatten,dense4").forData(DATA).build());
        assertTrue(output.getMessage().contains("dense3"), output.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class, () -> Model.builder("mlp:8")
                .inputShape(3, 4, 4).classes(DATA.classNames()).standardization(ChannelStandardization.fit(DATA)).build());
        assertTrue(channels.getMessage().contains("1 channels"), channels.getMessage());
    }
}
