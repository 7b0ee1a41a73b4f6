package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import io.simdnn.kernels.GemmEpilogue;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.elementwise.Bias;
import io.simdnn.kernels.gemm.Gemm;
import io.simdnn.nn.tensor.BatchBuffer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * Fully connected layer {@code y = x W^T + b}, with W stored {@code [out, in]} as PyTorch's
 * Linear does (so checkpoints load there unchanged). Shapes: x is N x in, y is N x out.
 *
 * <pre>
 * forward:   Y  = X W^T + b        GEMM (N, T), b added in its epilogue
 * backward:  dW = dY^T X           GEMM (T, N)
 *            db = column sums of dY
 *            dX = dY W             GEMM (N, N)
 * </pre>
 *
 * A model folds the ReLU around a dense layer into these GEMMs' epilogues ({@link ReluFusion}):
 * the forward product of a dense layer followed by a ReLU stores {@code max(X W^T + b, 0)}, and
 * the input gradient of a dense layer that follows one is zeroed where its input is not positive.
 * Each thread then finishes the part of Y or dX it computed, and the ReLU layer passes its
 * tensors through.
 */
public final class Dense implements Layer {
    private final int outputs;
    private final Initializer initializer;
    private int inputs;
    private Param weight;
    private Param bias;
    private BatchBuffer output;
    private BatchBuffer gradInput;
    private Tensor lastInput;
    private boolean inputGradientNeeded = true;
    /** Whether the forward product stores ReLU of the output (a ReLU layer follows, passing it through). */
    private boolean activatesOutput;
    /** Whether dX is zeroed where the input is not positive (the input is a fused ReLU's output). */
    private boolean masksInputGradient;
    private GemmEpilogue biasEpilogue;
    private GemmEpilogue biasReluEpilogue;
    private GemmEpilogue inputMask = GemmEpilogue.NONE;

    /**
     * A fully connected layer; the number of inputs is the flattened sample size given to {@link #build}.
     *
     * @param outputs     units, at least 1
     * @param initializer how {@link #initialize} draws the weights (biases start at 0)
     * @throws IllegalArgumentException if {@code outputs} is below 1
     */
    public Dense(int outputs, Initializer initializer) {
        if (outputs < 1) {
            throw new IllegalArgumentException("dense layer needs >= 1 output, got " + outputs);
        }
        this.outputs = outputs;
        this.initializer = initializer;
    }

    @Override
    public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
        inputs = (int) Tensor.product(inputShape);
        weight = Param.allocate(arena, index + ".weight", true, outputs, inputs);
        bias = Param.allocate(arena, index + ".bias", false, outputs);
        biasEpilogue = GemmEpilogue.bias(bias.value().data(), 0);
        biasReluEpilogue = GemmEpilogue.biasRelu(bias.value().data(), 0);
        output = new BatchBuffer(arena, maxBatch, outputs);
        gradInput = new BatchBuffer(arena, maxBatch, inputs);
    }

    @Override
    public Optional<Footprint> footprint(int index, int[] inputShape, int maxBatch) {
        long in = Tensor.product(inputShape);
        return Optional.of(new Footprint(new int[] {outputs}, Footprint.sum(Footprint.parameterBytes(in * outputs),
                Footprint.parameterBytes(outputs), Footprint.floatBytes(maxBatch, outputs), Footprint.floatBytes(maxBatch, in)), 0));
    }

    @Override
    public int[] outputShape() {
        return new int[] {outputs};
    }

    @Override
    public void initialize(RandomGenerator random) {
        initializer.fill(weight.value(), inputs, outputs, random);
        // biases start at zero: the arena hands out zeroed memory and nothing has written them
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        int batch = input.dim(0);
        lastInput = input;
        Tensor y = output.rows(batch);
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, batch, outputs, inputs, 1f,
                input.data(), 0, inputs, weight.value().data(), 0, inputs, 0f, y.data(), 0, outputs,
                activatesOutput ? biasReluEpilogue : biasEpilogue);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        int batch = gradOutput.dim(0);
        Gemm.sgemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, outputs, inputs, batch, 1f,
                gradOutput.data(), 0, outputs, lastInput.data(), 0, inputs, 0f, weight.gradient().data(), 0, inputs);
        Bias.columnSums(batch, outputs, gradOutput.data(), 0, outputs, bias.gradient().data(), 0);
        if (!inputGradientNeeded) {
            return null;
        }
        Tensor dx = gradInput.rows(batch);
        Gemm.sgemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, batch, inputs, outputs, 1f,
                gradOutput.data(), 0, outputs, weight.value().data(), 0, inputs, 0f, dx.data(), 0, inputs,
                masksInputGradient ? inputMask() : GemmEpilogue.NONE);
        return dx;
    }

    /** The ReLU gradient mask over the last input, made again only when the input buffer changes (a new batch size). */
    private GemmEpilogue inputMask() {
        if (inputMask.operand() != lastInput.data()) {
            inputMask = GemmEpilogue.reluGradient(lastInput.data(), 0, inputs);
        }
        return inputMask;
    }

    /** Makes the forward pass store ReLU of the output: the next layer is a ReLU that passes it through. */
    void activateOutput() {
        activatesOutput = true;
    }

    /** Makes dX zero where the input is not positive: the input comes from a ReLU that passes gradients through. */
    void maskInputGradient() {
        masksInputGradient = true;
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public String describe() {
        return "dense(" + inputs + "->" + outputs + ")";
    }
}
