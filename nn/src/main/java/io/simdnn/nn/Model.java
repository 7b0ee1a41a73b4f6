package io.simdnn.nn;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * A sequence of layers and the arena that owns all their memory: parameters, gradients,
 * optimizer state and per-batch buffers. The arena is shared so the kernel threads can work on
 * it; closing the model frees everything.
 */
public final class Model implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final List<Layer> layers;
    private final int[] inputShape;
    private final int maxBatch;
    private final List<Param> params;
    private final Map<String, Tensor> stateDict;

    /**
     * Builds the layers for samples of {@code inputShape} and batches of up to {@code maxBatch}:
     * allocates every parameter (zeroed until {@link #initialize} or a checkpoint fills them),
     * gradient, optimizer state and activation buffer in the model's arena.
     *
     * @param layers     the layers, unbuilt, in order (the list is copied; the layers are owned by the model)
     * @param inputShape one sample's shape, e.g. {@code [1, 28, 28]} (copied)
     * @param maxBatch   the largest batch {@link #forward} will take, at least 1
     * @throws IllegalArgumentException if there are no layers, {@code maxBatch < 1}, or a layer
     *         cannot take the shape the layer before it produces
     */
    public Model(List<Layer> layers, int[] inputShape, int maxBatch) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + maxBatch);
        }
        this.layers = List.copyOf(layers);
        this.inputShape = inputShape.clone();
        this.maxBatch = maxBatch;
        int[] shape = inputShape.clone();
        List<Param> all = new ArrayList<>();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            layer.build(i, shape, maxBatch, arena);
            shape = layer.outputShape();
            all.addAll(layer.params());
            for (Param param : layer.params()) {
                state.put(param.name(), param.value());
            }
            state.putAll(layer.buffers());
        }
        this.params = List.copyOf(all);
        this.stateDict = Collections.unmodifiableMap(state);
        setInputGradientNeeded(false);
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
     * Runs every layer on a batch.
     *
     * @param input    {@code [N, inputShape...]} with N at most {@link #maxBatch()}, read only; layers
     *                 keep a reference to it for {@link #backward}, so it must not change in between
     * @param training whether this is a training pass (dropout on, batch statistics)
     * @return the logits, {@code [N, classes()]}: the last layer's buffer, valid until the next forward call
     * @throws IllegalArgumentException if the batch is larger than {@link #maxBatch()}
     */
    public Tensor forward(Tensor input, boolean training) {
        if (input.dim(0) > maxBatch) {
            throw new IllegalArgumentException("batch of " + input.dim(0) + " exceeds the model's maximum " + maxBatch);
        }
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) { // indexed: an iterator per step is garbage
            x = layers.get(i).forward(x, training);
        }
        return x;
    }

    /**
     * Back-propagates dLoss/dLogits through every layer, filling the parameter gradients. Returns
     * dLoss/dInput, or null: the first layer skips it unless {@link #setInputGradientNeeded} asked for it.
     * Parameter gradients are overwritten, not accumulated; they are gradients of the data loss
     * only (the optimizer adds L2's).
     *
     * @param gradLogits dLoss/dLogits of the last forward batch, {@code [N, classes()]}, read only
     * @return dLoss/dInput, {@code [N, inputShape...]}, owned by the first layer; or null
     */
    public Tensor backward(Tensor gradLogits) {
        Tensor gradient = gradLogits;
        for (int i = layers.size() - 1; i >= 0; i--) {
            gradient = layers.get(i).backward(gradient);
        }
        return gradient;
    }

    /**
     * Whether {@link #backward} computes the input gradient (off by default: training has no use for it).
     *
     * @param needed {@code true} to have {@link #backward} return dLoss/dInput
     */
    public void setInputGradientNeeded(boolean needed) {
        layers.getFirst().setInputGradientNeeded(needed);
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
     * The layers.
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
        int[] out = layers.getLast().outputShape();
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
        for (Layer layer : layers) {
            layer.close();
        }
        arena.close();
    }
}
