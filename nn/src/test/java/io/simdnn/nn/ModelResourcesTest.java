package io.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.TinyData;
import org.junit.jupiter.api.Test;

/** A model's memory: refused past the off-heap limit before allocating, and closing twice is harmless. */
class ModelResourcesTest {
    private static final Dataset DATA = TinyData.learnable("train", 10, 4, 3, 1);

    @Test
    void closingTwiceIsANoOp() {
        Model model = Model.builder("flatten,dense3").forData(DATA).build();
        model.close();
        assertDoesNotThrow(model::close);
    }

    @Test
    void aModelPastTheOffHeapLimitIsRefusedNamingTheLimit() {
        String before = System.getProperty(Model.OFF_HEAP_LIMIT_PROPERTY);
        System.setProperty(Model.OFF_HEAP_LIMIT_PROPERTY, "1");
        try {
            // 16 x 100000 weights, 6.4 MB, past a 1 MB limit; a small model still fits
            String message = assertThrows(IllegalArgumentException.class,
                    () -> Model.builder("flatten,dense100000,dense3").forData(DATA).build()).getMessage();
            assertTrue(message.contains("more than 1 MB of off-heap memory") && message.contains(Model.OFF_HEAP_LIMIT_PROPERTY),
                    message);
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
