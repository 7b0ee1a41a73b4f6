package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * One stage of a sequential model. A layer owns its output and input-gradient buffers, sized for
 * the model's maximum batch; a training step allocates no buffers. A layer that takes a flat input
 * (Dense) reads any C x H x W sample as its C*H*W values; {@link Flatten} exists for layers that
 * care about the shape (batch normalization per feature instead of per channel).
 *
 * <p>Tensors passed between layers have the batch as their first dimension, then one sample's
 * shape (NCHW for images). What {@link #forward} and {@link #backward} return is owned by the
 * layer (or is a view of what it was given) and stays valid until the layer's next call of the
 * same kind; a caller that needs it longer copies it. A layer may keep a reference to the input
 * of {@link #forward} until the following {@link #backward}, so the caller must not overwrite that
 * input in between.
 */
public interface Layer {
    /**
     * Allocates parameters and buffers for samples of {@code inputShape} (without the batch
     * dimension). Called once, by the model, before any other method but {@link #describe}.
     *
     * @param index      the layer's position in the model, which prefixes its parameter names
     *                   ({@code index.weight})
     * @param inputShape one input sample's shape, e.g. {@code [C, H, W]} or {@code [features]}
     * @param maxBatch   the largest batch {@link #forward} will be given
     * @param arena      the model's arena, which owns everything the layer allocates
     * @throws IllegalArgumentException if the layer cannot take samples of {@code inputShape}
     */
    void build(int index, int[] inputShape, int maxBatch, Arena arena);

    /**
     * What {@link #build} would allocate for samples of {@code inputShape} and batches of up to
     * {@code maxBatch}, and the output shape, computed without allocating anything. The model adds
     * these up to refuse a model past its off-heap limit before building any layer. Empty (the
     * default, for layers defined elsewhere) when not known in advance: the model then relies on
     * its arena, which refuses the allocation that would pass the limit.
     *
     * @param index      the layer's position in the model, as {@link #build} will be given it
     * @param inputShape one input sample's shape
     * @param maxBatch   the largest batch
     * @return the layer's footprint, or empty if it is not known in advance
     * @throws IllegalArgumentException if the layer cannot take samples of {@code inputShape}
     */
    default Optional<Footprint> footprint(int index, int[] inputShape, int maxBatch) {
        return Optional.empty();
    }

    /**
     * Shape of one output sample, without the batch dimension; valid after {@link #build}.
     *
     * @return a new array, e.g. {@code [F, OH, OW]} or {@code [outputs]}
     */
    int[] outputShape();

    /**
     * Draws initial parameters from {@code random}, overwriting the current ones (no-op for layers
     * without parameters). The model calls it on every layer in order with its one generator.
     *
     * @param random the source of the initial values
     */
    default void initialize(RandomGenerator random) {}

    /**
     * Computes the output for a batch; {@code training} turns on training-only behaviour
     * (dropout's masks, batch statistics of batch normalization, which then also updates its
     * running statistics).
     *
     * @param input    a batch of N samples, {@code [N, inputShape...]} with N at most the maximum batch;
     *                 read only, and kept for {@link #backward}
     * @param training whether this pass is part of a training step
     * @return the output, {@code [N, outputShape()...]}: the layer's buffer, or a view of {@code input}
     *         (flatten, dropout when off), valid until the next forward call
     */
    Tensor forward(Tensor input, boolean training);

    /**
     * Given dLoss/dOutput of the last forward batch, writes the parameter gradients and returns
     * dLoss/dInput, or null when the input gradient is not needed (see {@link #setInputGradientNeeded}).
     * Parameter gradients are overwritten, not accumulated.
     *
     * @param gradOutput dLoss/dOutput, the shape of the last forward output; read only
     * @return dLoss/dInput, the shape of the last forward input: the layer's buffer or a view of
     *         {@code gradOutput}, valid until the next backward call; or null
     */
    Tensor backward(Tensor gradOutput);

    /**
     * The model's first layer has no one to pass its input gradient to; skipping it saves a GEMM
     * (dense) or a GEMM and a col2im (convolution). Layers without a costly input gradient may
     * ignore this.
     *
     * @param needed whether {@link #backward} must return dLoss/dInput (true until told otherwise)
     */
    default void setInputGradientNeeded(boolean needed) {}

    /**
     * Tells a layer with per-step randomness (dropout) how many training steps (backward passes)
     * came before, so a run resumed from a checkpoint draws the masks an uninterrupted run would.
     *
     * @param step backward passes done so far
     */
    default void setTrainingStep(long step) {}

    /**
     * The trainable parameters, in checkpoint order (weight before bias).
     *
     * @return the parameters, empty for layers without any; valid after {@link #build}
     */
    default List<Param> params() {
        return List.of();
    }

    /**
     * State that is not trained but belongs in checkpoints (batch normalization's running
     * statistics), by checkpoint name in PyTorch's {@code state_dict} order, e.g.
     * {@code 3.running_mean}. Empty for most layers.
     *
     * @return the buffers by name; valid after {@link #build}
     */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /**
     * Integer state that belongs in checkpoints, by checkpoint name in PyTorch's
     * {@code state_dict} order: batch normalization's {@code N.num_batches_tracked}. Empty for
     * most layers.
     *
     * @return the layer's own buffers by name (unmodifiable), empty if it has none
     */
    default Map<String, IntegerBuffer> integerBuffers() {
        return Map.of();
    }

    /** Frees memory the layer holds outside the model's arena (called by {@code Model.close}). */
    default void close() {}

    /**
     * Short description for logs and checkpoint metadata.
     *
     * @return e.g. {@code dense(784->512)}
     */
    String describe();
}
