package io.simdnn.app;

import java.util.List;

/**
 * Samples read from one input file for {@code predict}: their names (the file, or {@code file#i}
 * for the i-th sample of a data file, 0-based) and their values one after the other, each of the
 * model's sample shape, scaled as the data loaders scale pixels (/ 255).
 */
record Samples(List<String> names, float[] values) {
    Samples {
        names = List.copyOf(names);
        if (names.isEmpty() || values.length % names.size() != 0) {
            throw new IllegalArgumentException(values.length + " values for " + names.size() + " samples");
        }
    }
}
