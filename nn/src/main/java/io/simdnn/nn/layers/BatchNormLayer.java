package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.ChannelShape;
import io.simdnn.kernels.norm.BatchNorm;
import io.simdnn.nn.tensor.IntegerBuffer;
import io.simdnn.nn.tensor.IntegerType;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * Batch normalization per channel: the first dimension of a sample is the channel and the rest
 * is spatial, so a C x H x W input is normalized per channel over N*H*W values (PyTorch's
 * BatchNorm2d) and a flat input of F features per feature over N values (BatchNorm1d). See
 * {@link BatchNorm} for the formulas.
 *
 * <p>gamma and beta are parameters named {@code N.weight} and {@code N.bias} (initially 1 and
 * 0, not L2-regularized); the running mean and variance (initially 0 and 1) are buffers named
 * {@code N.running_mean} and {@code N.running_var}, saved in checkpoints and used when
 * {@code training == false}. As in PyTorch, {@code N.num_batches_tracked} (an {@code I64}
 * scalar, an {@link IntegerBuffer}) counts the training-mode forward passes; it does not change
 * the result (the momentum is fixed) but travels with the statistics, so a PyTorch
 * {@code state_dict} loads and saves unchanged.
 */
public final class BatchNormLayer extends ShapePreservingLayer {
    private final float momentum;
    private final float epsilon;
    private int channels;
    private int spatial;
    private Param gamma;
    private Param beta;
    private Tensor runningMean;
    private Tensor runningVar;
    private Tensor savedMean;
    private Tensor savedInvStd;
    private Map<String, Tensor> buffers;
    private IntegerBuffer batchesTracked;
    private Map<String, IntegerBuffer> integerBuffers;
    private Tensor lastInput;
    private ChannelShape lastShape;
    private boolean inputGradientNeeded = true;

    /** PyTorch's defaults: momentum 0.1, epsilon 1e-5. */
    public BatchNormLayer() {
        this(BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPSILON);
    }

    /**
     * Batch normalization with the given running-statistics momentum and epsilon.
     *
     * @param momentum weight of each batch's statistics in the running ones, in [0, 1]
     * @param epsilon  added to the variance before the square root, finite and &gt; 0
     * @throws IllegalArgumentException if either is out of range
     */
    public BatchNormLayer(float momentum, float epsilon) {
        if (!(momentum >= 0 && momentum <= 1) || !(epsilon > 0) || !Float.isFinite(epsilon)) {
            throw new IllegalArgumentException("batch norm needs momentum in [0, 1] and a finite epsilon > 0, got "
                    + momentum + " and " + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override
    long stateBytes(int index, int[] inputShape) {
        long channelCount = channels(index, inputShape);
        // gamma and beta, then the running and the saved statistics
        return Footprint.sum(Footprint.parameterBytes(channelCount), Footprint.parameterBytes(channelCount),
                Footprint.floatBytes(4, channelCount));
    }

    private static int channels(int index, int[] inputShape) {
        if (inputShape.length == 0) {
            throw new IllegalArgumentException("batch norm layer " + index + " needs a channel dimension, got " + Arrays.toString(inputShape));
        }
        return inputShape[0];
    }

    @Override
    void buildState(int index, int[] inputShape, Arena arena) {
        channels = channels(index, inputShape);
        spatial = (int) (Tensor.product(inputShape) / channels);
        gamma = Param.allocate(arena, index + ".weight", false, channels);
        beta = Param.allocate(arena, index + ".bias", false, channels);
        runningMean = Tensor.allocate(arena, channels);
        runningVar = Tensor.allocate(arena, channels);
        savedMean = Tensor.allocate(arena, channels);
        savedInvStd = Tensor.allocate(arena, channels);
        // the identity transform and unit variance, as PyTorch starts; set here, not in initialize(),
        // so a model built to load a checkpoint is valid too (and initialization draws nothing for it)
        for (int c = 0; c < channels; c++) {
            Buffers.set(gamma.value().data(), c, 1f);
            Buffers.set(runningVar.data(), c, 1f);
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put(index + ".running_mean", runningMean);
        named.put(index + ".running_var", runningVar);
        buffers = java.util.Collections.unmodifiableMap(named);
        batchesTracked = new IntegerBuffer(IntegerType.I64);
        integerBuffers = Map.of(index + ".num_batches_tracked", batchesTracked);
    }

    /** The geometry of a batch, kept while the batch size stays: steady-state steps create no objects. */
    private ChannelShape shape(int batch) {
        if (lastShape == null || lastShape.batch() != batch) {
            lastShape = new ChannelShape(batch, channels, spatial);
        }
        return lastShape;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        ChannelShape s = shape(input.dim(0));
        Tensor y = output(input.dim(0));
        if (training) {
            lastInput = input;
            batchesTracked.increment();
            BatchNorm.trainingForward(s, epsilon, momentum, input.data(), gamma.value().data(), beta.value().data(), y.data(),
                    savedMean.data(), savedInvStd.data(), runningMean.data(), runningVar.data());
        } else {
            lastInput = null;
            BatchNorm.inferenceForward(s, epsilon, input.data(), gamma.value().data(), beta.value().data(),
                    runningMean.data(), runningVar.data(), y.data());
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException("batch norm backward needs a training-mode forward pass first");
        }
        Tensor dx = inputGradientNeeded ? gradInput(gradOutput.dim(0)) : null;
        BatchNorm.backward(shape(gradOutput.dim(0)), lastInput.data(), gradOutput.data(), gamma.value().data(), savedMean.data(),
                savedInvStd.data(), dx == null ? null : dx.data(), gamma.gradient().data(), beta.gradient().data());
        return dx;
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta);
    }

    @Override
    public Map<String, Tensor> buffers() {
        return buffers;
    }

    @Override
    public Map<String, IntegerBuffer> integerBuffers() {
        return integerBuffers;
    }

    @Override
    public String describe() {
        return "batchnorm(" + channels + (spatial > 1 ? " channels x " + spatial : " features") + ")";
    }
}
