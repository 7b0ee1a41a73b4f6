package io.simdnn.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import io.simdnn.nn.LayerSpec;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.data.Cifar10Format;
import io.simdnn.nn.data.MnistFormat;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.train.Adam;
import io.simdnn.nn.train.Augmentation;
import io.simdnn.nn.train.LearningRateSchedule;
import io.simdnn.nn.train.Monitor;
import io.simdnn.nn.train.Optimizer;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.Trainer;

/**
 * Every setting that decides a run's numbers (not the thread count, which does not change them,
 * nor where reports go). It is validated when built, so bad options fail before data is loaded,
 * and stored in checkpoint metadata ({@link #toMetadata}) so that {@code --resume} continues with
 * exactly the same settings.
 *
 * @param validation training samples held out for validation; 0 trains on all of them, without
 *                   validation, so without early stopping ({@code patience} must be 0) and with
 *                   the last epoch's weights kept
 * @param data       the data directory, or null for the default Fashion-MNIST
 * @param limitTrain at most this many training samples ({@link io.simdnn.nn.data.TrainValidationSplit#NO_LIMIT}: all)
 * @param limitTest  at most this many test samples ({@code Integer.MAX_VALUE}: all)
 * @param augment    the training-batch augmentation: {@code flip}, {@code none}, or {@code auto}
 *                   (flip for data sets whose classes keep their meaning in a mirror, see
 *                   {@link #augmentationFor}); a run resolves {@code auto} against its data
 *                   ({@link #resolvedFor}) before storing its settings, so a resume reads what the
 *                   run did, not the rule that chose it
 */
record TrainingConfig(String model, List<Integer> hidden, int epochs, int batch, String optimizer, String schedule,
                      float learningRate, float momentum, float decay, float l2, String init, long seed, int patience,
                      Monitor monitor, int validation, int limitTrain, int limitTest, Path data, boolean standardize,
                      String augment) {
    private static final String PREFIX = "config.";
    private static final List<String> OPTIMIZERS = List.of("sgd", "averaged", "nesterov", "adam");
    /** What {@code --augment} takes besides the {@link Augmentation} names. */
    static final String AUTO = "auto";
    /**
     * The class lists of the data sets a left-right mirror leaves in their class (clothing,
     * vehicles, animals); digits and letters are not among them.
     */
    private static final List<List<String>> MIRROR_SAFE = List.of(MnistFormat.FASHION_CLASSES, Cifar10Format.CLASSES);

    TrainingConfig {
        hidden = List.copyOf(hidden);
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        String given = augment;
        augment = augment.strip().toLowerCase(Locale.ROOT);
        if (!augment.equals(AUTO)) {
            try {
                Augmentation.parse(augment);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown augmentation '" + given + "' (" + AUTO + ", "
                        + Augmentation.names() + ")");
            }
        }
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "' (sgd, averaged, nesterov, adam)");
        }
        Initializer.parse(init);
        if (limitTrain < 1 || limitTest < 1) {
            throw new IllegalArgumentException("--limit-train and --limit-test must be >= 1");
        }
        if (validation < 0) {
            throw new IllegalArgumentException("--validation must be >= 0, got " + validation);
        }
        if (validation == 0 && patience > 0) {
            throw new IllegalArgumentException("--patience " + patience + " needs a validation set to watch, and "
                    + "--validation 0 trains without one: give --validation N, or leave --patience at 0");
        }
        // checked here rather than left to the classes below: the messages name the option, and the
        // options only some models, schedules or optimizers read (--decay, --momentum, --hidden) are
        // checked for all of them, since a nonsense value is a mistake even where it would be ignored
        if (!(learningRate > 0 && Float.isFinite(learningRate))) {
            throw new IllegalArgumentException("--lr must be finite and > 0, got " + learningRate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        if (!(l2 >= 0 && Float.isFinite(l2))) {
            throw new IllegalArgumentException("--l2 must be finite and >= 0, got " + l2);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("--decay must be in (0, 1], got " + decay);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum must be in [0, 1), got " + momentum);
        }
        for (int units : hidden) {
            if (units < 1) {
                throw new IllegalArgumentException("--hidden sizes must be >= 1, got " + units);
            }
        }
        // the model spec, schedule, optimizer and trainer settings check their own numbers; build them
        // once here (from the parameters: the fields are not assigned yet) so bad options fail early
        modelSpec(model, hidden);
        optimizer(optimizer, schedule(schedule, learningRate, decay, epochs), momentum, l2);
        new Trainer.Settings(epochs, batch, seed, patience, monitor);
    }

    ModelSpec modelSpec() {
        return modelSpec(model, hidden);
    }

    /** Whether samples are held out: with {@code --validation 0} nothing selects the best epoch or stops early. */
    boolean validates() {
        return validation > 0;
    }

    /** The trainer's settings; {@code auto} augmentation must be resolved ({@link #resolvedFor}) first. */
    Trainer.Settings trainerSettings() {
        if (augment.equals(AUTO)) {
            throw new IllegalStateException("augmentation 'auto' is not resolved against the data yet");
        }
        return new Trainer.Settings(epochs, batch, seed, patience, monitor, Augmentation.parse(augment));
    }

    /**
     * This configuration with {@code auto} augmentation replaced by what it means for data with
     * these classes; other values unchanged.
     *
     * @param classNames the training data's class names
     */
    TrainingConfig resolvedFor(List<String> classNames) {
        return new TrainingConfig(model, hidden, epochs, batch, optimizer, schedule, learningRate, momentum, decay, l2,
                init, seed, patience, monitor, validation, limitTrain, limitTest, data, standardize,
                augmentationFor(classNames).toString());
    }

    /**
     * The augmentation of {@code augment} for data with these classes: {@code auto} flips
     * Fashion-MNIST and CIFAR-10 (by their class names) for models with a convolution, and nothing
     * else. A dense-only model shares no weights across positions, so a mirrored image is a new
     * pattern to it rather than the same features moved: the default MLP lost 0.6 points to it.
     *
     * @param classNames the training data's class names
     */
    Augmentation augmentationFor(List<String> classNames) {
        if (augment.equals(AUTO)) {
            boolean convolutional = modelSpec().tokens().stream().anyMatch(LayerSpec.Conv.class::isInstance);
            return convolutional && MIRROR_SAFE.contains(classNames) ? Augmentation.FLIP : Augmentation.NONE;
        }
        return Augmentation.parse(augment);
    }

    Initializer initializer() {
        return Initializer.parse(init);
    }

    /** A fresh optimizer with this configuration's schedule (planned over {@link #epochs}). */
    Optimizer newOptimizer() {
        return optimizer(optimizer, schedule(schedule, learningRate, decay, epochs), momentum, l2);
    }

    private static ModelSpec modelSpec(String model, List<Integer> hidden) {
        return new ModelSpec(model, model.equals("mlp") ? hidden : List.of());
    }

    private static LearningRateSchedule schedule(String kind, float learningRate, float decay, int epochs) {
        return new LearningRateSchedule(LearningRateSchedule.parseKind(kind), learningRate, decay, epochs);
    }

    private static Optimizer optimizer(String optimizer, LearningRateSchedule rates, float momentum, float l2) {
        return switch (optimizer) {
            case "sgd" -> new SgdMomentum(SgdMomentum.Variant.CLASSICAL, rates, momentum, l2);
            case "averaged" -> new SgdMomentum(SgdMomentum.Variant.AVERAGED, rates, momentum, l2);
            case "nesterov" -> new SgdMomentum(SgdMomentum.Variant.NESTEROV, rates, momentum, l2);
            case "adam" -> new Adam(rates, 0.9f, 0.999f, 1e-8f, l2);
            default -> throw new IllegalStateException(optimizer); // rejected by the constructor
        };
    }

    TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(model, hidden, newEpochs, batch, optimizer, schedule, learningRate, momentum, decay, l2,
                init, seed, patience, monitor, validation, limitTrain, limitTest, data, standardize,
                augment);
    }

    /** A short name for tables and messages, e.g. {@code mlp-512x256-lr0.05-e30}. */
    String label() {
        return shapeLabel() + "-" + rateAndEpochs();
    }

    /** The model part of {@link #label}: {@code mlp-512x256}, a preset's name, or the layer list as given. */
    String shapeLabel() {
        return model.equals("mlp") ? "mlp-" + hidden.stream().map(String::valueOf).collect(Collectors.joining("x")) : model;
    }

    /** The rest of {@link #label}: {@code lr0.05-e30}. */
    String rateAndEpochs() {
        return "lr" + learningRate + "-e" + epochs;
    }

    /** Every field as {@code config.*} strings; floats via {@link Float#toString}, which parses back exactly. */
    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "model", model);
        m.put(PREFIX + "hidden", hidden.stream().map(String::valueOf).collect(Collectors.joining(",")));
        m.put(PREFIX + "epochs", Integer.toString(epochs));
        m.put(PREFIX + "batch", Integer.toString(batch));
        m.put(PREFIX + "optimizer", optimizer);
        m.put(PREFIX + "schedule", schedule);
        m.put(PREFIX + "lr", Float.toString(learningRate));
        m.put(PREFIX + "momentum", Float.toString(momentum));
        m.put(PREFIX + "decay", Float.toString(decay));
        m.put(PREFIX + "l2", Float.toString(l2));
        m.put(PREFIX + "init", init);
        m.put(PREFIX + "seed", Long.toString(seed));
        m.put(PREFIX + "patience", Integer.toString(patience));
        m.put(PREFIX + "monitor", monitor.toString());
        m.put(PREFIX + "validation", Integer.toString(validation));
        m.put(PREFIX + "limit_train", Integer.toString(limitTrain));
        m.put(PREFIX + "limit_test", Integer.toString(limitTest));
        m.put(PREFIX + "data", data == null ? "" : data.toAbsolutePath().toString());
        m.put(PREFIX + "standardize", Boolean.toString(standardize));
        m.put(PREFIX + "augment", augment);
        return m;
    }

    /**
     * The configuration stored by {@link #toMetadata}.
     *
     * @throws IllegalArgumentException naming the missing or malformed entry
     */
    static TrainingConfig fromMetadata(Map<String, String> m) {
        String hiddenText = get(m, "hidden");
        List<Integer> hidden = hiddenText.isEmpty() ? List.of()
                : Arrays.stream(hiddenText.split(",", -1)).map(size -> parsed("hidden", size, Integer::valueOf)).toList();
        String data = get(m, "data");
        return new TrainingConfig(get(m, "model"), hidden, integer(m, "epochs"), integer(m, "batch"), get(m, "optimizer"),
                get(m, "schedule"), decimal(m, "lr"), decimal(m, "momentum"), decimal(m, "decay"), decimal(m, "l2"),
                get(m, "init"), parsed("seed", get(m, "seed"), Long::valueOf), integer(m, "patience"),
                Monitor.parse(get(m, "monitor")), integer(m, "validation"), integer(m, "limit_train"), integer(m, "limit_test"),
                data.isEmpty() ? null : Path.of(data), Boolean.parseBoolean(get(m, "standardize")),
                // checkpoints written before augmentation existed trained without it
                m.getOrDefault(PREFIX + "augment", Augmentation.NONE.toString()));
    }

    private static int integer(Map<String, String> metadata, String key) {
        return parsed(key, get(metadata, key), Integer::valueOf);
    }

    private static float decimal(Map<String, String> metadata, String key) {
        float value = parsed(key, get(metadata, key), Float::valueOf);
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("the checkpoint's metadata " + PREFIX + key + " is " + value
                    + ", not a finite number");
        }
        return value;
    }

    /** {@code text} parsed, or an exception naming the metadata key and the text (a bare NumberFormatException names neither). */
    private static <T> T parsed(String key, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the checkpoint's metadata " + PREFIX + key + " is '" + text
                    + "', not a number");
        }
    }

    private static String get(Map<String, String> metadata, String key) {
        String value = metadata.get(PREFIX + key);
        if (value == null) {
            throw new IllegalArgumentException("the checkpoint's metadata has no " + PREFIX + key);
        }
        return value;
    }
}
