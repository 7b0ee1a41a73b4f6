package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * One stage of a sequential model. A layer owns its output and input-gradient buffers, sized for
 * the model's maximum batch; a training step allocates no buffers. A layer that takes a flat input
 * (Dense) reads any C x H x W sample as its C*H*W values; {@link Flatten} exists for layers that
 * care about the shape (batch normalization per feature instead of per channel).
 */
public interface Layer {
    /** Allocates parameters and buffers for samples of {@code inputShape} (without the batch dimension). */
    void build(int index, int[] inputShape, int maxBatch, Arena arena);

    /** Shape of one output sample, without the batch dimension. */
    int[] outputShape();

    /** Draws initial parameters from {@code random} (no-op for layers without parameters). */
    default void initialize(RandomGenerator random) {}

    /** Computes the output for a batch; {@code training} turns on training-only behaviour. */
    Tensor forward(Tensor input, boolean training);

    /**
     * Given dLoss/dOutput of the last forward batch, writes the parameter gradients and returns
     * dLoss/dInput, or null when the input gradient is not needed (see {@link #setInputGradientNeeded}).
     */
    Tensor backward(Tensor gradOutput);

    /**
     * The model's first layer has no one to pass its input gradient to; skipping it saves a GEMM
     * (dense) or a GEMM and a col2im (convolution). Layers without a costly input gradient may
     * ignore this.
     */
    default void setInputGradientNeeded(boolean needed) {}

    /**
     * Tells a layer with per-step randomness (dropout) how many training steps (backward passes)
     * came before, so a run resumed from a checkpoint draws the masks an uninterrupted run would.
     */
    default void setTrainingStep(long step) {}

    default List<Param> params() {
        return List.of();
    }

    /**
     * State that is not trained but belongs in checkpoints (batch normalization's running
     * statistics), by checkpoint name in PyTorch's {@code state_dict} order, e.g.
     * {@code 3.running_mean}. Empty for most layers.
     */
    default Map<String, Tensor> buffers() {
        return Map.of();
    }

    /**
     * Integer state that belongs in checkpoints, by checkpoint name in PyTorch's
     * {@code state_dict} order: batch normalization's {@code N.num_batches_tracked}. Empty for
     * most layers.
     */
    default Map<String, IntegerBuffer> integerBuffers() {
        return Map.of();
    }

    /** Frees memory the layer holds outside the model's arena (called by {@code Model.close}). */
    default void close() {}

    /** Short description for logs and checkpoint metadata, e.g. {@code dense(784->512)}. */
    String describe();
}
