package io.simdnn.nn;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.layers.Flatten;
import io.simdnn.nn.layers.Footprint;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.layers.ReluFusion;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * A sequence of layers and the arena that owns all their memory: parameters, gradients,
 * optimizer state and per-batch buffers. The arena is shared so the kernel threads can work on
 * it; closing the model frees everything. A model is not safe for use by several threads at once.
 *
 * <p>A model built from a spec ({@link #builder(ModelSpec)}) or loaded from a file
 * ({@link #load(Path)}) also knows its class names and its input scaling, and can be saved
 * ({@link #save(Path)}): it takes samples as the data loaders produce them (pixel values / 255,
 * {@code C x H x W}) and, if it was trained on standardized inputs, standardizes them itself in
 * {@link #forward}, so training ({@code Trainer}), {@link #evaluate}, {@link #predict} and a
 * reloaded copy all see the same inputs.
 *
 * <pre>{@code
 * try (Model model = Model.builder("mlp:128").forData(train).build()) {
 *     new Trainer(model, loss, optimizer, settings).fit(train, validation, listener);
 *     model.save(Path.of("model.safetensors"));
 * }
 * try (Model model = Model.load(Path.of("model.safetensors"))) {
 *     Prediction prediction = model.predict(pixels); // 784 values in [0, 1] for a 1 x 28 x 28 model
 * }
 * }</pre>
 */
public final class Model implements AutoCloseable {
    /**
     * System property: the most off-heap memory, in MB, one model may allocate (unset: no limit;
     * the command line sets it to three quarters of physical memory unless given). A model whose spec, input shape and batch need
     * more (the sum of its layers' {@link Footprint}s) is refused before anything is allocated, and
     * any later allocation that would pass the limit is refused too, not after the machine starts
     * swapping (a model file's metadata, or a --hidden or --batch, can claim any size).
     */
    public static final String OFF_HEAP_LIMIT_PROPERTY = "simdnn.offHeapLimitMb";

    private final BudgetedArena arena = new BudgetedArena(offHeapLimitBytes());
    private boolean closed;
    private final List<Layer> layers;
    private final List<Layer> running;             // the layers in the order they run (RunOrder)
    private final int[] inputShape;
    private final int maxBatch;
    private final List<Param> params;
    private final Map<String, Tensor> stateDict;
    private final Map<String, IntegerBuffer> integerBuffers;
    private final ModelSpec spec;                  // null: built from a list of layers
    private final List<String> classNames;
    private final InputStandardizer standardizer;  // null: inputs are used as given
    private Inference inference;                   // made on first use

    /**
     * Builds the layers for samples of {@code inputShape} (without the batch dimension) and
     * batches of up to {@code maxBatch}. The weights are zero until {@link #initialize}; the
     * classes are named {@code "0", "1", ...}; there is no input standardization, and no spec, so
     * the model cannot be saved with {@link #save}: {@link #builder} makes models that can.
     *
     * @param layers     the layers in order, not yet built (each is built here, once)
     * @param inputShape the shape of one sample, e.g. {@code [1, 28, 28]}
     * @param maxBatch   the largest batch {@link #forward} takes, at least 1
     * @throws IllegalArgumentException if there are no layers, the batch is below 1 or a layer
     *                                  does not fit its input shape
     */
    public Model(List<Layer> layers, int[] inputShape, int maxBatch) {
        this(layers, inputShape, maxBatch, null, null, null);
    }

    /** A model with its description: spec, class names (null: "0", "1", ...) and standardization (null: none). */
    Model(List<Layer> layers, int[] inputShape, int maxBatch, ModelSpec spec, List<String> classNames,
          ChannelStandardization standardization) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + maxBatch);
        }
        this.layers = List.copyOf(layers);
        int[] order = RunOrder.of(this.layers);
        this.running = Arrays.stream(order).mapToObj(this.layers::get).toList();
        this.inputShape = inputShape.clone();
        this.maxBatch = maxBatch;
        this.spec = spec;
        int built = 0;
        try {
            arena.requirePlanned(plannedBytes(this.layers, inputShape, maxBatch, standardization != null), maxBatch);
            int[] shape = inputShape.clone();
            List<Param> all = new ArrayList<>();
            Map<String, Tensor> state = new LinkedHashMap<>();
            Map<String, IntegerBuffer> integers = new LinkedHashMap<>();
            for (int i = 0; i < order.length; i++) { // only parameterless layers change places: params stay in layer order
                Layer layer = running.get(i);
                layer.build(order[i], shape, maxBatch, arena);
                built++;
                shape = layer.outputShape();
                all.addAll(layer.params());
                for (Param param : layer.params()) {
                    state.put(param.name(), param.value());
                }
                state.putAll(layer.buffers());
                integers.putAll(layer.integerBuffers());
            }
            // same results, fewer passes over memory: see ReluFusion
            ReluFusion.apply(this.running);
            this.params = List.copyOf(all);
            this.stateDict = Collections.unmodifiableMap(state);
            this.integerBuffers = Collections.unmodifiableMap(integers);
            int classes = classes();
            this.classNames = classNames == null ? IntStream.range(0, classes).mapToObj(String::valueOf).toList()
                    : List.copyOf(classNames);
            if (this.classNames.size() != classes) {
                throw new IllegalArgumentException(this.classNames.size() + " class names for a model with " + classes
                        + " outputs");
            }
            this.standardizer = standardization == null ? null
                    : new InputStandardizer(standardization, inputShape, maxBatch, arena);
        } catch (RuntimeException e) {
            release(built);
            throw e;
        }
        setInputGradientNeeded(false);
    }

    /**
     * A builder of a model of {@code spec}; give it the sample shape and class names (or a data
     * set with {@link ModelBuilder#forData}), then {@link ModelBuilder#build}.
     *
     * @param spec the architecture
     * @return a builder with the defaults of {@link ModelBuilder}
     */
    public static ModelBuilder builder(ModelSpec spec) {
        return new ModelBuilder(spec);
    }

    /**
     * A builder of a model of the spec {@code spec}: a preset such as {@code mlp:128} or a layer
     * list (see {@link ModelSpec}).
     *
     * @param spec the architecture as a spec string
     * @return a builder with the defaults of {@link ModelBuilder}
     * @throws IllegalArgumentException if {@code spec} is not a valid spec, naming the bad token
     */
    public static ModelBuilder builder(String spec) {
        return builder(ModelSpec.parse(spec));
    }

    /**
     * Rebuilds a model saved by {@link #save} (or by {@code ./simdnn train}, as {@code model.safetensors})
     * with its weights, class names, input shape and input standardization, for batches of up to
     * {@value ModelBuilder#DEFAULT_MAX_BATCH}. Files of the {@code mlp} and {@code cnn} presets
     * written before those had their flatten layer are read under the current tensor names
     * ({@link ModelSpec#withCurrentTensorNames}); batch norm's {@code num_batches_tracked}, if
     * present, is loaded into {@link #integerBuffers} (in any integer type).
     *
     * @param file a model file
     * @return the model; close it to free its memory
     * @throws IOException if the file cannot be read, or (as a {@code CorruptCheckpointException})
     *                     is not a model file or does not match the model its metadata describes
     */
    public static Model load(Path file) throws IOException {
        return load(file, ModelBuilder.DEFAULT_MAX_BATCH);
    }

    /**
     * {@link #load(Path)} for batches of up to {@code maxBatch}: {@link #evaluate} and
     * {@link #predictAll} go through the samples in batches of this size.
     *
     * @param file     a model file
     * @param maxBatch the largest batch, at least 1
     * @return the model; close it to free its memory
     * @throws IOException as {@link #load(Path)}
     */
    public static Model load(Path file, int maxBatch) throws IOException {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + maxBatch);
        }
        return ModelFile.read(file, maxBatch);
    }

    /**
     * Writes the weights (every tensor of {@link #stateDict}), the {@link #integerBuffers} and
     * {@link #metadata} to {@code file},
     * a safetensors file that {@link #load} reads; atomically (a temporary file renamed over it).
     *
     * @param file where to write; its directory is created if needed, an existing file replaced
     * @throws IOException           if the file cannot be written
     * @throws IllegalStateException if the model was built from a list of layers rather than a spec
     */
    public void save(Path file) throws IOException {
        save(file, Map.of());
    }

    /**
     * {@link #save(Path)} with more metadata strings (settings, notes). An entry may repeat one of
     * {@link #metadata} with the same value; a different value is an {@link IllegalArgumentException}.
     *
     * @param file          where to write, as for {@link #save(Path)}
     * @param extraMetadata entries written besides the model's own, in their order
     * @throws IOException if the file cannot be written
     */
    public void save(Path file, Map<String, String> extraMetadata) throws IOException {
        ModelFile.write(this, file, extraMetadata);
    }

    /**
     * The metadata that describes this model in its file: {@code architecture} (the canonical
     * spec), {@code input_shape} (e.g. {@code 1,28,28}), {@code classes} (comma-separated) and,
     * with a standardization, {@code standardize_mean} and {@code standardize_std}.
     *
     * @return the entries, in that order (a new map)
     * @throws IllegalStateException if the model was built from a list of layers rather than a spec
     */
    public Map<String, String> metadata() {
        return ModelFile.metadata(this);
    }

    /**
     * The spec the model was built from.
     *
     * @return the spec; empty for a model built from a list of layers
     */
    public Optional<ModelSpec> spec() {
        return Optional.ofNullable(spec);
    }

    /**
     * The class names, in label order, one per output.
     *
     * @return an unmodifiable list of {@link #classes()} names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The per-channel standardization {@link #forward} applies to every input.
     *
     * @return the standardization; empty if the model takes its inputs as given
     */
    public Optional<ChannelStandardization> standardization() {
        return standardizer == null ? Optional.empty() : Optional.of(standardizer.standardization());
    }

    /**
     * Class probabilities for one sample: {@code product(inputShape())} values, {@code C x H x W}
     * row-major, scaled as the data loaders scale them (pixel / 255); the model applies its own
     * standardization. The array is not changed.
     *
     * @param sample one sample's values
     * @return the class probabilities and the predicted class
     * @throws IllegalArgumentException if {@code sample} has the wrong number of values
     */
    public Prediction predict(float[] sample) {
        long size = Tensor.product(inputShape);
        if (sample.length != size) {
            throw new IllegalArgumentException("a sample of shape " + Arrays.toString(inputShape) + " has " + size
                    + " values, got " + sample.length);
        }
        return inference().predict(sample).getFirst();
    }

    /**
     * Class probabilities for each of several samples, stored one after the other as in
     * {@link Dataset#features()}; in batches of up to {@link #maxBatch()}. The array is not changed.
     *
     * @param samples the values of one or more samples, each as for {@link #predict}
     * @return one prediction per sample, in order
     * @throws IllegalArgumentException if the length is not a non-zero multiple of the sample size
     */
    public List<Prediction> predictAll(float[] samples) {
        return inference().predict(samples);
    }

    /**
     * Accuracy, per-class precision and recall, and the mean data loss (cross-entropy, without any
     * regularization term) on {@code data}, taken as loaded (the model standardizes it itself);
     * without training behaviour (no dropout, batch normalization on its running statistics); in
     * batches of up to {@link #maxBatch()}. The metrics carry the model's class names.
     *
     * @param data labelled samples of the model's sample shape and number of classes
     * @return the metrics
     * @throws IllegalArgumentException if the data's sample shape or number of classes is not the model's
     */
    public Evaluation evaluate(Dataset data) {
        return inference().evaluate(data);
    }

    private Inference inference() {
        if (inference == null) {
            inference = new Inference(this);
        }
        return inference;
    }

    /**
     * Draws every layer's initial parameters, in layer order, from one generator, overwriting the
     * current ones. The same seed gives the same weights.
     *
     * @param random the generator (a {@code SplittableRandom} of the run's seed, say)
     */
    public void initialize(RandomGenerator random) {
        for (Layer layer : layers) {
            layer.initialize(random);
        }
    }

    /**
     * See {@link Layer#setTrainingStep}: called when training resumes after {@code step} steps.
     *
     * @param step backward passes done so far
     */
    public void setTrainingStep(long step) {
        for (Layer layer : layers) {
            layer.setTrainingStep(step);
        }
    }

    /**
     * Runs a batch {@code N x inputShape()} ({@code N <= maxBatch()}) through the model: the input
     * standardization, if any, then every layer. Returns the logits, {@code N x classes()}, a
     * buffer of the last layer that the next call overwrites. {@code training} turns on
     * training behaviour (dropout, batch statistics). The input is not changed.
     *
     * @param input    the batch, values as loaded
     * @param training whether to behave as in training
     * @return the logits, valid until the next call
     * @throws IllegalArgumentException if the batch is larger than {@link #maxBatch()}
     */
    public Tensor forward(Tensor input, boolean training) {
        if (input.dim(0) > maxBatch) {
            throw new IllegalArgumentException("batch of " + input.dim(0) + " exceeds the model's maximum " + maxBatch);
        }
        Tensor x = standardizer == null ? input : standardizer.apply(input);
        for (int i = 0; i < running.size(); i++) { // indexed: an iterator per step is garbage
            x = running.get(i).forward(x, training);
        }
        return x;
    }

    /**
     * Back-propagates dLoss/dLogits through every layer, filling the parameter gradients. Returns
     * dLoss/dInput, or null: the first layer skips it unless {@link #setInputGradientNeeded} asked for it.
     * The input is the first layer's: after the input standardization, if the model has one.
     * Parameter gradients are overwritten, not accumulated; they are gradients of the data loss
     * only (the optimizer adds L2's).
     *
     * @param gradLogits dLoss/dLogits of the last forward batch, {@code [N, classes()]}, read only
     * @return dLoss/dInput, {@code [N, inputShape...]}, owned by the first layer; or null
     */
    public Tensor backward(Tensor gradLogits) {
        Tensor gradient = gradLogits;
        for (int i = running.size() - 1; i >= 0; i--) {
            gradient = running.get(i).backward(gradient);
        }
        return gradient;
    }

    /**
     * Whether {@link #backward} computes the input gradient (off by default: training has no use for it).
     *
     * @param needed {@code true} to have {@link #backward} return dLoss/dInput
     */
    public void setInputGradientNeeded(boolean needed) {
        // leading flatten layers are views: the first layer after them decides whether a gradient is computed
        for (Layer layer : running) {
            layer.setInputGradientNeeded(needed);
            if (!(layer instanceof Flatten)) {
                break;
            }
        }
    }

    /**
     * All parameters in layer order.
     *
     * @return an unmodifiable list, the same object every call; the tensors are the model's own
     */
    public List<Param> params() {
        return params;
    }

    /**
     * Every tensor a checkpoint holds, by name, in PyTorch's {@code state_dict} order: per layer its
     * parameters' values, then its buffers (e.g. {@code 1.weight, 1.bias, 1.running_mean,
     * 1.running_var}). The tensors are the model's own (unmodifiable map, same object every call).
     *
     * @return the model's tensors by checkpoint name; writing into them changes the model
     */
    public Map<String, Tensor> stateDict() {
        return stateDict;
    }

    /**
     * The integer tensors a checkpoint holds besides {@link #stateDict()}, by name, in layer
     * order: each batch-norm layer's {@code N.num_batches_tracked} ({@code I64} scalar, as in
     * PyTorch).
     *
     * @return an unmodifiable map, the same object every call; the buffers are the model's own
     */
    public Map<String, IntegerBuffer> integerBuffers() {
        return integerBuffers;
    }

    /**
     * The layers, in the order they were given (they run in that order, except that a ReLU directly
     * before a max pooling runs after it, which gives the same results with less work: see
     * docs/architecture.md).
     *
     * @return an unmodifiable list of the model's layers, in order
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * One input sample's shape.
     *
     * @return a copy, e.g. {@code [1, 28, 28]}
     */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * The largest batch the buffers were sized for.
     *
     * @return the {@code maxBatch} given to the constructor
     */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Allocates a zeroed tensor in the model's arena, freed when the model closes.
     *
     * @param shape the tensor's dimensions
     * @return the new tensor
     */
    public Tensor allocate(int... shape) {
        return Tensor.allocate(arena, shape);
    }

    /**
     * Outputs of the last layer: the number of classes.
     *
     * @return the size of one output sample
     */
    public int classes() {
        int[] out = running.getLast().outputShape();
        return (int) Tensor.product(out);
    }

    /**
     * The input shape and every layer, for logs and metadata.
     *
     * @return e.g. {@code [1, 28, 28] -> dense(784->512) -> relu -> dense(512->10)}
     */
    public String describe() {
        return Arrays.toString(inputShape) + " -> "
                + layers.stream().map(Layer::describe).collect(Collectors.joining(" -> "));
    }

    /**
     * Frees every tensor of the model (and the layers' own scratch). Tensors obtained from the
     * model must not be used afterwards.
     */
    @Override
    public void close() {
        if (closed) {
            return; // closing twice is harmless, as AutoCloseable recommends
        }
        closed = true;
        release(layers.size());
    }

    /** Frees the memory of the first {@code builtLayers} layers (the ones {@code build} has run on) and the arena. */
    private void release(int builtLayers) {
        for (Layer layer : running.subList(0, builtLayers)) {
            layer.close();
        }
        arena.close();
    }

    /**
     * The off-heap bytes a model of {@code layers} takes for samples of {@code inputShape} and
     * batches of up to {@code maxBatch}, from the layers' footprints, without allocating: what
     * building takes from the arena (parameters with their gradients and optimizer state, the
     * layers' buffers, the standardization's buffer) and the convolutions' scratch. Layers that
     * cannot say ({@link Layer#footprint} empty) and everything after them are not counted.
     *
     * @throws IllegalArgumentException if a layer cannot take its input shape
     */
    static long plannedBytes(List<Layer> layers, int[] inputShape, int maxBatch, boolean standardized) {
        long total = standardized ? Footprint.floatBytes(maxBatch, Tensor.product(inputShape)) : 0;
        int[] shape = inputShape;
        for (int position : RunOrder.of(layers)) {
            Optional<Footprint> footprint = layers.get(position).footprint(position, shape, maxBatch);
            if (footprint.isEmpty()) {
                break;
            }
            total = Footprint.sum(total, footprint.get().arenaBytes(), footprint.get().scratchBytes());
            shape = footprint.get().outputShape();
        }
        return total;
    }

    /** The bytes the model's arena has handed out so far. */
    long allocatedBytes() {
        return arena.allocated;
    }

    /** The off-heap limit of one model in bytes: {@value #OFF_HEAP_LIMIT_PROPERTY}, or none. */
    private static long offHeapLimitBytes() {
        String configured = System.getProperty(OFF_HEAP_LIMIT_PROPERTY);
        if (configured != null) {
            try {
                long megabytes = Long.parseLong(configured.strip());
                if (megabytes > 0) {
                    return megabytes > Long.MAX_VALUE >> 20 ? Long.MAX_VALUE : megabytes << 20;
                }
            } catch (NumberFormatException e) {
                // reported below like any other bad value
            }
            throw new IllegalArgumentException("-D" + OFF_HEAP_LIMIT_PROPERTY + "=" + configured
                    + ": expected a positive number of megabytes");
        }
        return Long.MAX_VALUE; // a library user's choice: only the allocation itself can fail
    }

    /**
     * An arena that counts what it hands out and refuses an allocation that would take the total
     * past {@code limit}, before making it. Allocation is single-threaded (the model is built on
     * one thread), so a plain counter suffices.
     */
    private static final class BudgetedArena implements Arena {
        private final Arena delegate;
        private final long limit;
        private long allocated;

        /** A shared arena (the kernel threads work on its segments) limited to {@code limit} bytes. */
        BudgetedArena(long limit) {
            this.delegate = Arena.ofShared();
            this.limit = limit;
        }

        @Override
        public java.lang.foreign.MemorySegment allocate(long byteSize, long byteAlignment) {
            if (byteSize < 0 || byteSize > limit - allocated) {
                throw new IllegalArgumentException("the model needs more than " + mb(limit) + " MB of off-heap memory ("
                        + mb(allocated) + " MB allocated, the next buffer " + (byteSize < 0 ? "overflows" : mb(byteSize) + " MB")
                        + "; limit -D" + OFF_HEAP_LIMIT_PROPERTY + "): use a smaller model, input or batch");
            }
            allocated += byteSize;
            return delegate.allocate(byteSize, byteAlignment);
        }

        /** Refuses, before anything is allocated, a model whose plan already passes the limit. */
        void requirePlanned(long plannedBytes, int maxBatch) {
            if (plannedBytes > limit) {
                throw new IllegalArgumentException("the model needs " + (plannedBytes == Long.MAX_VALUE ? "more than the address space of"
                        : "about " + ceilMb(plannedBytes) + " MB of") + " off-heap memory for batches of " + maxBatch
                        + ", more than the limit of " + mb(limit) + " MB (-D" + OFF_HEAP_LIMIT_PROPERTY
                        + "): use a smaller model, input or batch");
            }
        }

        private static long mb(long bytes) {
            return bytes >> 20;
        }

        private static long ceilMb(long bytes) {
            return (bytes >> 20) + ((bytes & ((1 << 20) - 1)) == 0 ? 0 : 1);
        }

        @Override
        public java.lang.foreign.MemorySegment.Scope scope() {
            return delegate.scope();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
