package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Layer;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(spec)).getMessage();
    }

    @Test
    void presetsKeepTheirNamesAndBuildTheirLayers() {
        assertEquals("mlp:512,256", ModelSpec.parse("mlp:512,256").toString());
        assertEquals("mlp:512,256", new ModelSpec("mlp", List.of(512, 256)).toString());
        assertEquals("cnn", new ModelSpec("cnn", List.of()).toString());
        List<Layer> mlp = ModelSpec.parse("mlp:7").layers(3, Initializer.HE);
        assertEquals(List.of("flatten", "dense", "relu", "dense"), mlp.stream().map(l -> l.describe().replaceAll("\\(.*", "")).toList());
        try (Model cnn = new Model(ModelSpec.parse("cnn").layers(10, Initializer.HE), new int[] {1, 28, 28}, 2)) {
            assertEquals(10, cnn.classes());
            assertEquals(6, cnn.params().size());
        }
        assertEquals("cnn-fc128", ModelSpec.parse("CNN-FC128").toString());
        List<Layer> fc = ModelSpec.parse("cnn-fc128").layers(10, Initializer.HE);
        assertEquals(List.of("Conv2dLayer", "Relu", "MaxPool2d", "Conv2dLayer", "Relu", "MaxPool2d", "Flatten", "DropoutLayer",
                "Dense", "Relu", "Dense"), fc.stream().map(l -> l.getClass().getSimpleName()).toList());
        try (Model cnn = new Model(fc, new int[] {1, 28, 28}, 2)) {
            assertEquals(8, cnn.params().size());
        }
    }

    @Test
    void layerListsRoundTripThroughTheirCanonicalString() {
        String spec = " Conv5x5x16P2, relu,maxpool2s2,conv3x3x8s2,conv3x3x8p2D2,conv3x3x8d1,avgpool2 ,flatten,dropout.250,dense128,BN,tanh,"
                + "sigmoid,scaledtanh,dense10";
        ModelSpec parsed = ModelSpec.parse(spec);
        assertEquals("conv5x5x16p2,relu,maxpool2,conv3x3x8s2,conv3x3x8p2d2,conv3x3x8,avgpool2,flatten,dropout0.25,dense128,bn,tanh,sigmoid,"
                + "scaledtanh,dense10", parsed.toString());
        assertEquals(parsed, ModelSpec.parse(parsed.toString()));
        assertEquals("dropout0.0001", LayerSpec.parse("dropout1e-4").toString());
        try (Model model = new Model(parsed.layers(10, Initializer.HE), new int[] {1, 28, 28}, 2)) {
            assertEquals(10, model.classes());
            assertTrue(model.stateDict().containsKey("10.running_mean"), model.stateDict().keySet().toString());
        }
    }

    @Test
    void errorsNameTheTokenAndWhatWasExpected() {
        assertTrue(error("conv5x5x16p2,relu,maxpool,dense10").contains("token 3: layer 'maxpool': expected maxpool<K>[s<S>]"),
                error("conv5x5x16p2,relu,maxpool,dense10"));
        assertTrue(error("conv5x3x16,dense10").contains("only square kernels"), error("conv5x3x16,dense10"));
        assertTrue(error("conv3x3x8d0,dense10").contains("dilation must be >= 1"), error("conv3x3x8d0,dense10"));
        assertTrue(error("dense0,dense10").contains("width must be >= 1"), error("dense0,dense10"));
        assertTrue(error("dense8,dropout1.5,dense10").contains("rate must be in [0, 1)"), error("dense8,dropout1.5,dense10"));
        assertTrue(error("dense8,,dense10").contains("token 2: layer '': empty layer"), error("dense8,,dense10"));
        assertTrue(error("resnet").contains("presets: mlp:<widths>, cnn"), error("resnet"));
        assertTrue(error("dense8,softmax,dense10").contains("expected one of dense<N>"), error("dense8,softmax,dense10"));
        assertTrue(error("mlp:12,x").contains("mlp width 'x'"), error("mlp:12,x"));
        assertTrue(error("").contains("empty model spec"));
        String output = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.parse("dense8,relu").layers(10, Initializer.HE)).getMessage();
        assertTrue(output.contains("must end with the output layer dense10 (one output per class); it ends with 'relu'"), output);
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("cnn", List.of(5)));
    }

    private static List<String> names(String spec, int[] sample) {
        try (Model model = new Model(ModelSpec.parse(spec).layers(10, Initializer.HE), sample, 1)) {
            return List.copyOf(model.stateDict().keySet());
        }
    }

    @Test
    void presetsNameTheirTensorsAsTheEquivalentSequentialDoes() {
        // nn.Sequential(nn.Flatten(), nn.Linear(784, 5), nn.ReLU(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 10))
        assertEquals(List.of("1.weight", "1.bias", "3.weight", "3.bias", "5.weight", "5.bias"), names("mlp:5,4", new int[] {1, 28, 28}));
        // conv, relu, pool, conv, relu, pool, nn.Flatten(), nn.Linear(32 * 7 * 7, 10)
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias"), names("cnn", new int[] {1, 28, 28}));
        // ... nn.Flatten(), nn.Dropout(0.25), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10)
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "8.weight", "8.bias", "10.weight", "10.bias"),
                names("cnn-fc128", new int[] {1, 28, 28}));
    }

    /** A checkpoint holding zero-filled tensors of these names (values do not matter for renaming). */
    private static Checkpoint checkpoint(String... names) {
        Map<String, Checkpoint.Tensor> tensors = new LinkedHashMap<>();
        for (String name : names) {
            tensors.put(name, new Checkpoint.Tensor(new int[] {1}, new float[1]));
        }
        return new Checkpoint(tensors, Map.of(), Map.of("architecture", "x"));
    }

    @Test
    void filesWrittenBeforeThePresetsHadFlattenAreRenamed() {
        Checkpoint oldMlp = checkpoint("0.weight", "0.bias", "2.weight", "2.bias", "0.weight.first_moment", "best.2.bias");
        Checkpoint renamed = ModelSpec.parse("mlp:5").withCurrentTensorNames(oldMlp);
        assertEquals(List.of("1.weight", "1.bias", "3.weight", "3.bias", "1.weight.first_moment", "best.3.bias"),
                List.copyOf(renamed.tensors().keySet()));
        assertEquals(oldMlp.metadata(), renamed.metadata());
        assertSame(oldMlp.tensors().get("2.bias"), renamed.tensors().get("3.bias"));

        Checkpoint oldCnn = checkpoint("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias", "best.6.weight");
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "best.7.weight"),
                List.copyOf(ModelSpec.parse("cnn").withCurrentTensorNames(oldCnn).tensors().keySet()));

        // current files, the presets that always had flatten, and layer lists stay as they are
        Checkpoint current = checkpoint("1.weight", "1.bias", "3.weight", "3.bias");
        assertSame(current, ModelSpec.parse("mlp:5").withCurrentTensorNames(current));
        Checkpoint currentCnn = checkpoint("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias");
        assertSame(currentCnn, ModelSpec.parse("cnn").withCurrentTensorNames(currentCnn));
        assertSame(oldMlp, ModelSpec.parse("cnn-fc128").withCurrentTensorNames(oldMlp));
        assertSame(oldMlp, ModelSpec.parse("dense5,relu,dense10").withCurrentTensorNames(oldMlp));
    }
}
