package io.simdnn.nn.train;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.io.Checkpoint.CorruptCheckpointException;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.io.Safetensors.NamedTensor;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * The state of an unfinished run, one safetensors file written atomically after every epoch, from
 * which {@code train --resume} continues bit-identically.
 *
 * <p>Tensors, for every parameter {@code P} ({@code 0.weight}, ...): {@code P} (current value),
 * {@code P.first_moment} and {@code P.second_moment} (the optimizer's state: momentum velocity or
 * Adam's moments; the second is zero for the SGD variants), and {@code best.P} (the weights of the
 * best epoch, only when those are not the current ones); the model's float buffers (batch norm's
 * running statistics) are stored like parameters, without moments, and its integer buffers (batch
 * norm's {@code num_batches_tracked}) as they are. Metadata: the caller's run metadata
 * (settings, architecture, classes, standardization) plus the {@link TrainingState} numbers under
 * {@code state.*}; the history stores each epoch's statistics with {@link Double#toString}, which
 * reads back to the same bits. The shuffle order and learning rate are not stored: both follow
 * from the seed and the number of finished epochs.
 */
public final class TrainingCheckpoint {
    /** The file name inside a run directory. */
    public static final String FILE_NAME = "checkpoint.safetensors";

    static final String FORMAT_KEY = "simdnn_checkpoint";
    /**
     * Format 2: every loss in the history is the data loss, with the L2 penalty as a field of its own.
     * Integer buffers ({@code num_batches_tracked}) are optional in it: a format-2 file written before
     * simdnn kept them restores them from the optimizer step count.
     */
    static final String FORMAT = "training-state-2";
    /** Format 1 stored losses that included the L2 penalty, and its best value too when it monitored the loss. */
    private static final String FORMAT_1 = "training-state-1";
    /** The run metadata's model spec, by which files written under older tensor names are renamed. */
    private static final String ARCHITECTURE_KEY = "architecture";
    private static final String STATE = "state.";
    private static final String FIRST_MOMENT = ".first_moment";
    private static final String SECOND_MOMENT = ".second_moment";
    private static final String BEST = "best.";

    private TrainingCheckpoint() {}

    /**
     * A checkpoint read back: the run's metadata and its training state (without tensors yet applied).
     *
     * @param file                the file it was read from, for messages
     * @param runMetadata         the caller's run metadata, without the {@code state.*} and format entries
     * @param contents            the file's tensors and metadata
     * @param stateWithoutWeights the training state, its {@code bestWeights} not yet read
     */
    public record Saved(Path file, Map<String, String> runMetadata, Checkpoint contents, TrainingState stateWithoutWeights) {
        /**
         * Copies values and optimizer moments into {@code model} (names and shapes must match; nothing
         * is written unless all do) and returns the full state, best weights included.
         *
         * @param model a model of the run's architecture; its weights and moments are overwritten
         * @return the training state with the best epoch's weights
         * @throws CorruptCheckpointException if a tensor is missing or has another shape, or the
         *         best weights are inconsistent with the best epoch
         */
        public TrainingState restoreInto(Model model) throws CorruptCheckpointException {
            Map<String, Tensor> state = model.stateDict();
            long bestCount = state.keySet().stream().filter(name -> contents.tensors().containsKey(BEST + name)).count();
            if (bestCount != 0 && bestCount != state.size()) {
                throw new CorruptCheckpointException(file, "has best weights for some tensors only");
            }
            boolean hasBest = bestCount != 0;
            TrainingState s = stateWithoutWeights;
            if (hasBest == (s.bestEpoch() == s.epochsDone() || s.bestEpoch() == 0)) {
                throw new CorruptCheckpointException(file, "best epoch " + s.bestEpoch() + " of " + s.epochsDone()
                        + (hasBest ? " is the last, yet best weights are stored" : " is not the last, yet no best weights are stored"));
            }
            for (Map.Entry<String, Tensor> entry : state.entrySet()) {
                check(entry.getKey(), entry.getValue());
                if (hasBest) {
                    check(BEST + entry.getKey(), entry.getValue());
                }
            }
            for (Param param : model.params()) {
                check(param.name() + FIRST_MOMENT, param.firstMoment());
                check(param.name() + SECOND_MOMENT, param.secondMoment());
            }
            requireNoOthers(state.keySet(), hasBest, model.params());
            for (Map.Entry<String, Checkpoint.IntegerTensor> entry : contents.integerTensors().entrySet()) {
                IntegerBuffer target = model.integerBuffers().get(entry.getKey());
                if (target == null || !Arrays.equals(target.shape(), entry.getValue().shape())) {
                    throw new CorruptCheckpointException(file, "integer tensor " + entry.getKey() + " of shape "
                            + Arrays.toString(entry.getValue().shape()) + " is no buffer of the model (its integer buffers: "
                            + model.integerBuffers().keySet() + ")");
                }
                for (long value : entry.getValue().values()) {
                    try {
                        target.type().convert(entry.getValue().type(), value);
                    } catch (IllegalArgumentException e) {
                        throw new CorruptCheckpointException(file, "integer tensor " + entry.getKey() + ": " + e.getMessage());
                    }
                }
            }

            List<float[]> best = new ArrayList<>();
            for (Map.Entry<String, Tensor> entry : state.entrySet()) {
                copy(entry.getKey(), entry.getValue());
                if (hasBest) {
                    best.add(contents.tensors().get(BEST + entry.getKey()).values());
                }
            }
            for (Param param : model.params()) {
                copy(param.name() + FIRST_MOMENT, param.firstMoment());
                copy(param.name() + SECOND_MOMENT, param.secondMoment());
            }
            for (Map.Entry<String, IntegerBuffer> entry : model.integerBuffers().entrySet()) {
                Checkpoint.IntegerTensor stored = contents.integerTensors().get(entry.getKey());
                if (stored != null) {
                    entry.getValue().assign(stored.type(), stored.values());
                } else {
                    // a checkpoint written before simdnn kept num_batches_tracked: every optimizer step was one
                    // training-mode forward pass, which is what the counter counts
                    entry.getValue().set(0, s.optimizerSteps());
                }
            }
            return new TrainingState(s.epochsDone(), s.optimizerSteps(), s.bestEpoch(), s.bestValue(), s.stoppedEarly(),
                    s.history(), hasBest ? best : null);
        }

        private void check(String name, Tensor target) throws CorruptCheckpointException {
            Checkpoint.Tensor stored = contents.tensors().get(name);
            if (stored == null) {
                throw new CorruptCheckpointException(file, "has no tensor " + name);
            }
            if (!Arrays.equals(stored.shape(), target.shape())) {
                throw new CorruptCheckpointException(file, "tensor " + name + " has shape " + Arrays.toString(stored.shape())
                        + ", the model expects " + Arrays.toString(target.shape()));
            }
        }

        /** A tensor the model has no place for means the file belongs to another model: refused, as eval refuses it. */
        private void requireNoOthers(Set<String> stateNames, boolean hasBest, List<Param> params)
                throws CorruptCheckpointException {
            Set<String> expected = new HashSet<>(stateNames);
            if (hasBest) {
                stateNames.forEach(name -> expected.add(BEST + name));
            }
            params.forEach(param -> {
                expected.add(param.name() + FIRST_MOMENT);
                expected.add(param.name() + SECOND_MOMENT);
            });
            for (String name : contents.tensors().keySet()) {
                if (!expected.contains(name)) {
                    throw new CorruptCheckpointException(file, "has a tensor " + name + " the model does not have (the model's "
                            + "tensors: " + stateNames + ")");
                }
            }
        }

        private void copy(String name, Tensor target) {
            float[] values = contents.tensors().get(name).values();
            MemorySegment.copy(values, 0, target.data(), Buffers.FLOAT, 0, values.length);
        }
    }

    /**
     * Writes {@code state} with the model's current values and moments, atomically replacing {@code file}.
     *
     * @param file        the checkpoint file to create or replace
     * @param model       the model whose tensors and optimizer moments are saved (only read)
     * @param state       the training state after the last finished epoch
     * @param runMetadata strings saved with it (settings, architecture, ...), returned by {@link #read}
     * @throws IOException if the file cannot be written (the old one is then intact)
     */
    public static void write(Path file, Model model, TrainingState state, Map<String, String> runMetadata) throws IOException {
        // the model's state (parameters, then buffers such as batch-norm statistics), its optimizer moments,
        // and the best epoch's state in the same order as Model.stateDict
        Map<String, Tensor> modelState = model.stateDict();
        List<NamedTensor> tensors = new ArrayList<>();
        modelState.forEach((name, tensor) -> tensors.add(named(name, tensor)));
        for (Param param : model.params()) {
            tensors.add(named(param.name() + FIRST_MOMENT, param.firstMoment()));
            tensors.add(named(param.name() + SECOND_MOMENT, param.secondMoment()));
        }
        if (state.bestWeights() != null) {
            int i = 0;
            for (Map.Entry<String, Tensor> entry : modelState.entrySet()) {
                tensors.add(new NamedTensor(BEST + entry.getKey(), entry.getValue().shape(), MemorySegment.ofArray(state.bestWeights().get(i++))));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(runMetadata);
        metadata.put(FORMAT_KEY, FORMAT);
        metadata.put(STATE + "epochs_done", Integer.toString(state.epochsDone()));
        metadata.put(STATE + "optimizer_steps", Long.toString(state.optimizerSteps()));
        metadata.put(STATE + "best_epoch", Integer.toString(state.bestEpoch()));
        metadata.put(STATE + "best_value", Double.toString(state.bestValue()));
        metadata.put(STATE + "stopped_early", Boolean.toString(state.stoppedEarly()));
        metadata.put(STATE + "history", encode(state.history()));
        Safetensors.writeTensors(file, tensors, model.integerBuffers(), metadata);
    }

    /**
     * Reads and validates a checkpoint written by {@link #write}.
     *
     * @param file the checkpoint file
     * @return its metadata and training state; {@link Saved#restoreInto} applies the tensors
     * @throws CorruptCheckpointException if it is not a simdnn training checkpoint of this format,
     *         or its state is missing or malformed
     * @throws IOException if it cannot be read
     */
    public static Saved read(Path file) throws IOException {
        Checkpoint read = Checkpoint.read(file);
        Map<String, String> metadata = read.metadata();
        if (FORMAT_1.equals(metadata.get(FORMAT_KEY))) {
            throw new CorruptCheckpointException(file, "written by an earlier simdnn whose losses included the L2 penalty; "
                    + "resuming it would compare losses of two kinds (its model.safetensors still evaluates and loads)");
        }
        if (!FORMAT.equals(metadata.get(FORMAT_KEY))) {
            throw new CorruptCheckpointException(file, "not a simdnn training checkpoint (metadata " + FORMAT_KEY + " is "
                    + metadata.get(FORMAT_KEY) + "; a model.safetensors cannot be resumed, its run's "
                    + FILE_NAME + " can)");
        }
        Map<String, String> run = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (!key.startsWith(STATE) && !key.equals(FORMAT_KEY)) {
                run.put(key, value);
            }
        });
        TrainingState state;
        try {
            state = new TrainingState(parse(file, metadata, "epochs_done", Integer::parseInt),
                    parse(file, metadata, "optimizer_steps", Long::parseLong),
                    parse(file, metadata, "best_epoch", Integer::parseInt),
                    parse(file, metadata, "best_value", Double::parseDouble),
                    parse(file, metadata, "stopped_early", TrainingCheckpoint::parseBoolean),
                    decode(require(file, metadata, "history")), null);
        } catch (IllegalArgumentException e) {
            throw new CorruptCheckpointException(file, "bad training state: " + e.getMessage());
        }
        Checkpoint contents = read;
        String architecture = metadata.get(ARCHITECTURE_KEY);
        if (architecture != null) {
            try {
                contents = ModelSpec.parse(architecture).withCurrentTensorNames(read);
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException(file, "bad " + ARCHITECTURE_KEY + " in the metadata: " + e.getMessage());
            }
        }
        return new Saved(file, run, contents, state);
    }

    private static NamedTensor named(String name, Tensor tensor) {
        return new NamedTensor(name, tensor.shape(), tensor.data());
    }

    private static String require(Path file, Map<String, String> metadata, String key) throws CorruptCheckpointException {
        String value = metadata.get(STATE + key);
        if (value == null) {
            throw new CorruptCheckpointException(file, "metadata has no " + STATE + key);
        }
        return value;
    }

    /** A state entry through {@code parser}; what it refuses is reported with the key and the text. */
    private static <T> T parse(Path file, Map<String, String> metadata, String key, Function<String, T> parser)
            throws CorruptCheckpointException {
        String text = require(file, metadata, key);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new CorruptCheckpointException(file, "metadata " + STATE + key + " is '" + text + "', not a valid value");
        }
    }

    /** Only the two words {@link Boolean#toString} writes: {@link Boolean#parseBoolean} takes anything else for false. */
    private static boolean parseBoolean(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(text);
        };
    }

    /** Epochs separated by ';', each as its nine numbers separated by ',' (NaN for a missing validation). */
    static String encode(List<EpochStats> history) {
        StringBuilder text = new StringBuilder();
        for (EpochStats s : history) {
            text.append(text.isEmpty() ? "" : ";").append(s.epoch()).append(',').append(s.trainLoss()).append(',')
                    .append(s.l2Penalty()).append(',').append(s.trainAccuracy()).append(',').append(s.validationLoss()).append(',')
                    .append(s.validationAccuracy()).append(',').append(s.learningRate()).append(',')
                    .append(s.seconds()).append(',').append(s.samplesPerSecond());
        }
        return text.toString();
    }

    static List<EpochStats> decode(String text) {
        List<EpochStats> history = new ArrayList<>();
        if (text.isEmpty()) {
            return history;
        }
        String[] epochs = text.split(";", -1);
        for (int e = 0; e < epochs.length; e++) {
            String[] f = epochs[e].split(",", -1);
            if (f.length != 9) {
                throw new IllegalArgumentException("epoch " + (e + 1) + " of the history has " + f.length + " fields, not 9");
            }
            double[] values = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                try {
                    values[i] = i == 0 ? Integer.parseInt(f[i]) : Double.parseDouble(f[i]); // the epoch number, then the measures
                } catch (NumberFormatException bad) {
                    throw new IllegalArgumentException("epoch " + (e + 1) + " of the history has '" + f[i] + "' as field "
                            + (i + 1) + ", not a number");
                }
            }
            history.add(new EpochStats((int) values[0], values[1], values[2], values[3], values[4], values[5], values[6],
                    values[7], values[8]));
        }
        return history;
    }
}
