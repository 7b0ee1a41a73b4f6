package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        assertEquals(List.of("dense", "relu", "dense"), mlp.stream().map(l -> l.describe().replaceAll("\\(.*", "")).toList());
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
}
