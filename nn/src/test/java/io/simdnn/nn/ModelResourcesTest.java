package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import org.junit.jupiter.api.Test;

/**
 * A model's memory: planned exactly before building, refused past the off-heap limit before
 * allocating, and closing twice is harmless.
 */
class ModelResourcesTest {
    private static final Dataset DATA = TinyData.learnable("train", 10, 4, 3, 1);

    @Test
    void closingTwiceIsANoOp() {
        Model model = Model.builder("flatten,dense3").forData(DATA).build();
        model.close();
        assertDoesNotThrow(model::close);
    }

    @Test
    void thePlanIsWhatBuildingTakesFromTheArena() {
        // every layer kind with arena memory, with and without standardization, at two batch sizes
        for (String spec : new String[] {"flatten,dense7,relu,dense3", "relu,maxpool2,dense3", "bn,tanh,dropout0.3,avgpool2,sigmoid,flatten,bn,dense3",
                "maxpool2s1,scaledtanh,dense5,dense3"}) {
            for (int batch : new int[] {1, 13}) {
                for (ChannelStandardization standardization : new ChannelStandardization[] {
                        null, new ChannelStandardization(new float[] {0.5f}, new float[] {2f})}) {
                    try (Model model = Model.builder(spec).forData(DATA).maxBatch(batch).standardization(standardization).build()) {
                        long planned = Model.plannedBytes(model.layers(), new int[] {1, 4, 4}, batch, standardization != null);
                        assertEquals(model.allocatedBytes(), planned, spec + " at batch " + batch);
                    }
                }
            }
        }
    }

    @Test
    void aConvolutionPlansItsArenaMemoryAndItsColumnScratch() {
        int batch = 3;
        try (Model model = Model.builder("conv3x3x5p1,flatten,dense3").forData(DATA).maxBatch(batch).build()) {
            long planned = Model.plannedBytes(model.layers(), new int[] {1, 4, 4}, batch, false);
            // 1 x 4 x 4 in, 5 filters of 3 x 3, padding 1: 3 x 16 output positions, patches of 9 values
            long columnsAndProduct = 4L * (9 * 3 * 16 + 5 * 3 * 16);
            assertEquals(model.allocatedBytes() + columnsAndProduct, planned);
        }
    }

    @Test
    void aModelPastTheOffHeapLimitIsRefusedNamingTheLimit() {
        String before = System.getProperty(Model.OFF_HEAP_LIMIT_PROPERTY);
        System.setProperty(Model.OFF_HEAP_LIMIT_PROPERTY, "1");
        try {
            // 16 x 100000 and 100000 x 3 weights, each with its gradient and two optimizer states, and the biases:
            // 32.0 MB (31.3 MiB) with the buffers, past a 1 MB limit, refused from the plan; a small model still fits
            String message = assertThrows(IllegalArgumentException.class,
                    () -> Model.builder("flatten,dense100000,dense3").forData(DATA).maxBatch(1).build()).getMessage();
            assertTrue(message.contains("needs about 32 MB of off-heap memory for batches of 1, more than the limit of 1 MB")
                    && message.contains(Model.OFF_HEAP_LIMIT_PROPERTY), message);
            assertDoesNotThrow(() -> Model.builder("flatten,dense3").forData(DATA).build().close());
            System.setProperty(Model.OFF_HEAP_LIMIT_PROPERTY, "lots");
            message = assertThrows(IllegalArgumentException.class, () -> Model.builder("flatten,dense3").forData(DATA).build())
                    .getMessage();
            assertTrue(message.contains("-D" + Model.OFF_HEAP_LIMIT_PROPERTY + "=lots"), message);
        } finally {
            if (before == null) {
                System.clearProperty(Model.OFF_HEAP_LIMIT_PROPERTY);
            } else {
                System.setProperty(Model.OFF_HEAP_LIMIT_PROPERTY, before);
            }
        }
    }
}
