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
import io.simdnn.nn.layers.Flatten;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.tensor.IntegerBuffer;
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
    private final Map<String, IntegerBuffer> integerBuffers;

    /** Builds the layers for samples of {@code inputShape} and batches of up to {@code maxBatch}. */
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
        Map<String, IntegerBuffer> integers = new LinkedHashMap<>();
        for (int i = 0; i < this.layers.size(); i++) {
            Layer layer = this.layers.get(i);
            layer.build(i, shape, maxBatch, arena);
            shape = layer.outputShape();
            all.addAll(layer.params());
            for (Param param : layer.params()) {
                state.put(param.name(), param.value());
            }
            state.putAll(layer.buffers());
            integers.putAll(layer.integerBuffers());
        }
        this.params = List.copyOf(all);
        this.stateDict = Collections.unmodifiableMap(state);
        this.integerBuffers = Collections.unmodifiableMap(integers);
        setInputGradientNeeded(false);
    }

    /** Draws every layer's initial parameters, in layer order, from one generator. */
    public void initialize(RandomGenerator random) {
        for (Layer layer : layers) {
            layer.initialize(random);
        }
    }

    /** See {@link Layer#setTrainingStep}: called when training resumes after {@code step} steps. */
    public void setTrainingStep(long step) {
        for (Layer layer : layers) {
            layer.setTrainingStep(step);
        }
    }

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
     */
    public Tensor backward(Tensor gradLogits) {
        Tensor gradient = gradLogits;
        for (int i = layers.size() - 1; i >= 0; i--) {
            gradient = layers.get(i).backward(gradient);
        }
        return gradient;
    }

    /** Whether {@link #backward} computes the input gradient (off by default: training has no use for it). */
    public void setInputGradientNeeded(boolean needed) {
        // leading flatten layers are views: the first layer after them decides whether a gradient is computed
        for (Layer layer : layers) {
            layer.setInputGradientNeeded(needed);
            if (!(layer instanceof Flatten)) {
                break;
            }
        }
    }

    /** All parameters in layer order (an unmodifiable list, the same object every call). */
    public List<Param> params() {
        return params;
    }

    /**
     * Every tensor a checkpoint holds, by name, in PyTorch's {@code state_dict} order: per layer its
     * parameters' values, then its buffers (e.g. {@code 1.weight, 1.bias, 1.running_mean,
     * 1.running_var}). The tensors are the model's own (unmodifiable map, same object every call).
     */
    public Map<String, Tensor> stateDict() {
        return stateDict;
    }

    /**
     * The integer tensors a checkpoint holds besides {@link #stateDict()}, by name, in layer
     * order: each batch-norm layer's {@code N.num_batches_tracked} ({@code I64} scalar, as in
     * PyTorch). The buffers are the model's own (unmodifiable map, same object every call).
     */
    public Map<String, IntegerBuffer> integerBuffers() {
        return integerBuffers;
    }

    public List<Layer> layers() {
        return layers;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** Allocates a tensor that lives as long as the model. */
    public Tensor allocate(int... shape) {
        return Tensor.allocate(arena, shape);
    }

    public int classes() {
        int[] out = layers.getLast().outputShape();
        return (int) Tensor.product(out);
    }

    public String describe() {
        return Arrays.toString(inputShape) + " -> "
                + layers.stream().map(Layer::describe).collect(Collectors.joining(" -> "));
    }

    @Override
    public void close() {
        for (Layer layer : layers) {
            layer.close();
        }
        arena.close();
    }
}
