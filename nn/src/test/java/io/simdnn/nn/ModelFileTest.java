package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.tensor.IntegerType;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import io.simdnn.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Model#save} and {@link Model#load}: a saved model comes back with the same weights,
 * classes, input shape and standardization and predicts the same bits; files that cannot describe
 * a model are refused naming the problem.
 */
class ModelFileTest {
    private static final Dataset TRAIN = TinyData.learnable("train", 60, 4, 3, 1);

    @TempDir
    Path dir;

    /** The model of every stateful layer (batch norm's running statistics are saved too), trained for an epoch. */
    private static Model trained(ChannelStandardization standardization) {
        Model model = Model.builder(TestModels.SPEC).forData(TRAIN).standardization(standardization).seed(4)
                .maxBatch(TestModels.BATCH).build();
        Trainer trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(0f), new SgdMomentum(0.05f, 0.9f, 1f, 0f),
                new Trainer.Settings(1, TestModels.BATCH, 4, 0));
        trainer.fit(TRAIN, TRAIN, new Trainer.Listener() {});
        return model;
    }

    @Test
    void aSavedModelLoadsWithEverythingItKnowsAndPredictsTheSameBits() throws IOException {
        Path file = dir.resolve("model.safetensors");
        ChannelStandardization standardization = ChannelStandardization.fit(TRAIN);
        try (Model model = trained(standardization)) {
            model.save(file, Map.of("note", "hello", "classes", String.join(",", TRAIN.classNames())));
            try (Model loaded = Model.load(file, TestModels.BATCH)) { // the same batches: the same bits
                assertEquals(model.spec(), loaded.spec());
                assertEquals(model.classNames(), loaded.classNames());
                assertArrayEquals(model.inputShape(), loaded.inputShape());
                assertEquals(standardization, loaded.standardization().orElseThrow());
                List<Tensor> expected = List.copyOf(model.stateDict().values());
                List<Tensor> actual = List.copyOf(loaded.stateDict().values());
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i).toArray(), actual.get(i).toArray(), "tensor " + i);
                }
                // batch norm's num_batches_tracked is saved and loaded too (one epoch of 12 batches)
                assertEquals(List.of("1.num_batches_tracked", "7.num_batches_tracked"), List.copyOf(loaded.integerBuffers().keySet()));
                for (String name : model.integerBuffers().keySet()) {
                    assertEquals(12, model.integerBuffers().get(name).get(0), name);
                    assertArrayEquals(model.integerBuffers().get(name).values(), loaded.integerBuffers().get(name).values(), name);
                }
                assertEquals(model.predictAll(TRAIN.features()), loaded.predictAll(TRAIN.features()));
                InferenceTest.assertSameEvaluation(model.evaluate(TRAIN), loaded.evaluate(TRAIN));
            }
        }
        Checkpoint contents = Checkpoint.read(file);
        assertEquals(IntegerType.I64, contents.integerTensors().get("7.num_batches_tracked").type());
        Map<String, String> metadata = contents.metadata();
        assertEquals("hello", metadata.get("note"));
        assertEquals(TestModels.SPEC, metadata.get("architecture"));
        assertEquals("1,4,4", metadata.get("input_shape"));
        assertEquals("0,1,2", metadata.get("classes"));
        assertTrue(metadata.containsKey("standardize_mean") && metadata.containsKey("standardize_std"), metadata.toString());
    }

    @Test
    void anMlpFileWrittenBeforeThePresetHadFlattenLoadsUnderTheCurrentNames() throws IOException {
        Path file = dir.resolve("old-mlp.safetensors");
        try (Model model = Model.builder("mlp:4").forData(TRAIN).seed(3).build()) {
            model.save(file);
            Checkpoint current = Checkpoint.read(file);
            assertTrue(current.tensors().containsKey("1.weight"), current.tensors().keySet().toString());
            // the names an older simdnn gave the same weights: every layer index one lower
            List<Safetensors.NamedTensor> old = current.tensors().entrySet().stream()
                    .map(e -> new Safetensors.NamedTensor((Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf('.'))) - 1)
                            + e.getKey().substring(e.getKey().indexOf('.')), e.getValue().shape(),
                            java.lang.foreign.MemorySegment.ofArray(e.getValue().values())))
                    .toList();
            Safetensors.writeTensors(file, old, current.metadata());
            assertTrue(Checkpoint.read(file).tensors().containsKey("0.weight"));
            try (Model loaded = Model.load(file)) {
                assertEquals(model.predictAll(TRAIN.features()), loaded.predictAll(TRAIN.features()));
            }
        }
    }

    @Test
    void loadTakesAMaximumBatch() throws IOException {
        Path file = dir.resolve("small.safetensors");
        try (Model model = Model.builder("mlp:4").forData(TRAIN).build()) {
            model.save(file);
        }
        try (Model loaded = Model.load(file)) {
            assertEquals(ModelBuilder.DEFAULT_MAX_BATCH, loaded.maxBatch());
        }
        try (Model loaded = Model.load(file, 7)) {
            assertEquals(7, loaded.maxBatch());
        }
        assertThrows(IllegalArgumentException.class, () -> Model.load(file, 0));
    }

    @Test
    void saveRefusesModelsWithoutASpecAndContradictingMetadata() {
        try (Model layers = new Model(ModelSpec.parse("mlp:4").layers(3, Initializer.HE), new int[] {1, 4, 4}, 4)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> layers.save(dir.resolve("x")));
            assertTrue(error.getMessage().contains("Model.builder"), error.getMessage());
        }
        try (Model model = Model.builder("mlp:4").forData(TRAIN).build()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> model.save(dir.resolve("y"), Map.of("architecture", "mlp:5")));
            assertTrue(error.getMessage().contains("architecture=mlp:5"), error.getMessage());
        }
    }

    @Test
    void filesThatDoNotDescribeTheirModelAreRefusedAsCorrupt() throws IOException {
        try (Model model = Model.builder("mlp:4").forData(TRAIN).build()) {
            Map<String, String> complete = model.metadata();
            for (String key : List.of("architecture", "input_shape", "classes")) {
                Map<String, String> partial = new LinkedHashMap<>(complete);
                partial.remove(key);
                assertCorrupt(model, partial, "'" + key + "'");
            }
            assertCorrupt(model, with(complete, "input_shape", "1,four,4"), "cannot rebuild");
            assertCorrupt(model, with(complete, "architecture", "mlp:5"), "has shape");       // weights of another width
            assertCorrupt(model, with(complete, "architecture", "conv9x9x2,flatten,dense3"), "cannot rebuild"); // larger than the input
            assertCorrupt(model, with(complete, "classes", "a,b"), "has shape");             // an output layer of 2, weights of 3
            assertCorrupt(model, with(complete, "standardize_mean", "0.5"), "cannot rebuild"); // without its deviations
        }
    }

    private static Map<String, String> with(Map<String, String> metadata, String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(metadata);
        changed.put(key, value);
        return changed;
    }

    private void assertCorrupt(Model model, Map<String, String> metadata, String expected) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Safetensors.write(file, model.stateDict(), metadata);
        Checkpoint.CorruptCheckpointException error = assertThrows(Checkpoint.CorruptCheckpointException.class, () -> Model.load(file));
        assertTrue(error.getMessage().startsWith(file.toString()) && error.getMessage().contains(expected),
                metadata + " -> " + error.getMessage());
    }
}
