package io.simdnn.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.layers.Initializer;

/**
 * Builds a {@link Model} from a {@link ModelSpec}: the sample shape and the class names are
 * required (or both taken from a data set with {@link #forData}); the initializer (He), the
 * seed (42), the largest batch (256) and the input standardization (none) have defaults. Get one
 * from {@link Model#builder(ModelSpec)}.
 */
public final class ModelBuilder {
    /** The largest batch of a model whose builder was not told otherwise. */
    public static final int DEFAULT_MAX_BATCH = 256;
    /** The seed of a model whose builder was not told otherwise (the command line's default too). */
    public static final long DEFAULT_SEED = 42;

    private final ModelSpec spec;
    private int[] inputShape;
    private List<String> classNames;
    private ChannelStandardization standardization;
    private Initializer initializer = Initializer.HE;
    private long seed = DEFAULT_SEED;
    private int maxBatch = DEFAULT_MAX_BATCH;

    ModelBuilder(ModelSpec spec) {
        this.spec = spec;
    }

    /**
     * The shape of one input sample, without the batch dimension: {@code C, H, W} for images
     * (e.g. {@code 1, 28, 28}), or a single size for flat features.
     *
     * @param shape the dimensions, each at least 1
     * @return this builder
     */
    public ModelBuilder inputShape(int... shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("an input shape needs at least one dimension");
        }
        for (int dimension : shape) {
            if (dimension < 1) {
                throw new IllegalArgumentException("input dimensions must be >= 1, got " + Arrays.toString(shape));
            }
        }
        this.inputShape = shape.clone();
        return this;
    }

    /**
     * The class names, in label order; their number is the model's number of outputs. A name may
     * not contain a comma (model files store them comma-separated).
     *
     * @param names at least one name
     * @return this builder
     */
    public ModelBuilder classes(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one class");
        }
        for (String name : names) {
            if (name.contains(",")) {
                throw new IllegalArgumentException("class name '" + name + "' contains a comma; model files store the names "
                        + "comma-separated");
            }
        }
        this.classNames = List.copyOf(names);
        return this;
    }

    /**
     * The sample shape and class names of {@code data}: a model for data like it.
     *
     * @param data a data set, usually the training split
     * @return this builder
     */
    public ModelBuilder forData(Dataset data) {
        return inputShape(data.sampleShape()).classes(data.classNames());
    }

    /**
     * Standardize every input per channel with these statistics, usually
     * {@code ChannelStandardization.fit(train)}; {@code null} (the default) uses inputs as given.
     * The model applies them itself, in training, evaluation and prediction alike, and saves them
     * with its weights: give it data as loaded, never standardized data.
     *
     * @param standardization one mean and deviation per input channel, or null for none
     * @return this builder
     */
    public ModelBuilder standardization(ChannelStandardization standardization) {
        this.standardization = standardization;
        return this;
    }

    /**
     * How the initial weights are drawn (default {@link Initializer#HE}).
     *
     * @param initializer the rule for the weights' scale
     * @return this builder
     */
    public ModelBuilder initializer(Initializer initializer) {
        this.initializer = Objects.requireNonNull(initializer, "initializer");
        return this;
    }

    /**
     * The seed of the initial weights and of dropout's masks (default {@value #DEFAULT_SEED}).
     *
     * @param seed any value; the same seed gives the same weights
     * @return this builder
     */
    public ModelBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The largest batch the model takes (default {@value #DEFAULT_MAX_BATCH}); its buffers are
     * allocated for it. A {@code Trainer}'s batch size must not exceed it.
     *
     * @param maxBatch at least 1
     * @return this builder
     */
    public ModelBuilder maxBatch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        return this;
    }

    /**
     * The model, its weights drawn from the seed; close it to free its memory.
     *
     * @return a new model
     * @throws IllegalStateException    if the input shape or the classes were not given
     * @throws IllegalArgumentException if the spec does not fit them (e.g. a layer list whose
     *                                  output layer is not {@code dense<classes>}, or a
     *                                  convolution larger than the input)
     */
    public Model build() {
        if (inputShape == null || classNames == null) {
            throw new IllegalStateException("the model needs an input shape and class names: call inputShape(...) and "
                    + "classes(...), or forData(dataset)");
        }
        Model model = new Model(spec.layers(classNames.size(), initializer), inputShape, maxBatch, spec, classNames,
                standardization);
        model.initialize(new SplittableRandom(seed));
        return model;
    }
}
