package io.simdnn.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Checkpoint.CorruptCheckpointException;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.layers.Initializer;

/**
 * A model file: a safetensors file of the model's {@code stateDict()} and {@code integerBuffers()}
 * (batch norm's {@code num_batches_tracked}, I64 as in PyTorch) whose metadata says how to
 * rebuild the model, {@value #ARCHITECTURE} (the canonical spec), {@value #INPUT_SHAPE} (e.g.
 * {@code 1,28,28}), {@value #CLASSES} (the class names, comma-separated) and, for a model trained
 * on standardized inputs, {@link ChannelStandardization#toMetadata its statistics}.
 */
final class ModelFile {
    static final String ARCHITECTURE = "architecture";
    static final String INPUT_SHAPE = "input_shape";
    static final String CLASSES = "classes";

    private ModelFile() {}

    /** The metadata entries that describe {@code model}; it must have been built from a spec. */
    static Map<String, String> metadata(Model model) {
        ModelSpec spec = model.spec().orElseThrow(() -> new IllegalStateException("a model built from a list of layers "
                + "cannot be saved: nothing could rebuild it; build it with Model.builder(spec)"));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ARCHITECTURE, spec.toString());
        metadata.put(INPUT_SHAPE, Arrays.stream(model.inputShape()).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        metadata.put(CLASSES, String.join(",", model.classNames()));
        model.standardization().ifPresent(s -> metadata.putAll(s.toMetadata()));
        return metadata;
    }

    /** Writes {@code model} to {@code file} with its metadata and {@code extra} entries (see {@link Model#save(Path, Map)}). */
    static void write(Model model, Path file, Map<String, String> extra) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(extra);
        for (Map.Entry<String, String> entry : metadata(model).entrySet()) {
            String given = all.putIfAbsent(entry.getKey(), entry.getValue());
            if (given != null && !given.equals(entry.getValue())) {
                throw new IllegalArgumentException("extra metadata " + entry.getKey() + "=" + given + " contradicts the model's "
                        + entry.getValue());
            }
        }
        Safetensors.write(file, model.stateDict(), model.integerBuffers(), all);
    }

    /**
     * Rebuilds the model {@code file} describes, for batches of up to {@code maxBatch}, and loads its
     * weights and integer buffers. Files of the {@code mlp} and {@code cnn} presets written before
     * those had their flatten layer are renamed to the current tensor names first
     * ({@link ModelSpec#withCurrentTensorNames}).
     */
    static Model read(Path file, int maxBatch) throws IOException {
        Checkpoint checkpoint = Checkpoint.read(file);
        Map<String, String> metadata = checkpoint.metadata();
        String architecture = require(file, metadata, ARCHITECTURE);
        String shape = require(file, metadata, INPUT_SHAPE);
        List<String> classes = List.of(require(file, metadata, CLASSES).split(",", -1));
        Model model;
        Checkpoint named;
        try {
            int[] inputShape = inputShape(shape);
            Optional<ChannelStandardization> standardization = ChannelStandardization.fromMetadata(metadata);
            ModelSpec spec = ModelSpec.parse(architecture);
            named = spec.withCurrentTensorNames(checkpoint);
            // the initializer does not matter: every weight is overwritten by the file's
            model = new Model(spec.layers(classes.size(), Initializer.HE), inputShape, maxBatch, spec, classes,
                    standardization.orElse(null));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new CorruptCheckpointException(file, "cannot rebuild the model from its metadata (" + ARCHITECTURE + " "
                    + architecture + ", " + INPUT_SHAPE + " " + shape + ", " + classes.size() + " classes): " + e.getMessage());
        }
        try {
            named.loadInto(model.stateDict(), model.integerBuffers(), file);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** {@code 1,28,28} as dimensions; a NumberFormatException's message would be only the bad text. */
    private static int[] inputShape(String text) {
        try {
            int[] shape = Arrays.stream(text.split(",", -1)).mapToInt(d -> Integer.parseInt(d.strip())).toArray();
            if (Arrays.stream(shape).allMatch(d -> d > 0)) {
                return shape;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(INPUT_SHAPE + " '" + text + "' is not a list of positive integers such as 1,28,28");
    }

    private static String require(Path file, Map<String, String> metadata, String key) throws CorruptCheckpointException {
        String value = metadata.get(key);
        if (value == null) {
            throw new CorruptCheckpointException(file, "metadata has no '" + key + "' (not a model saved by simdnn?)");
        }
        return value;
    }
}
