package io.simdnn.nn.layers;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import io.simdnn.kernels.ConvShape;
import io.simdnn.kernels.conv.Conv2d;
import io.simdnn.kernels.conv.ConvWorkspace;
import io.simdnn.nn.tensor.BatchBuffer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * 2-D convolution layer on NCHW batches, square kernel, zero padding, optional dilation (gaps of
 * dilation - 1 input positions between the kernel's taps); weight {@code [F, C, K, K]}
 * and bias {@code [F]} as in PyTorch's Conv2d. The column matrix of the last forward pass stays in
 * the layer's workspace for the backward pass.
 */
public final class Conv2dLayer implements Layer {
    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final Initializer initializer;
    private int[] inputShape;
    private Param weight;
    private Param bias;
    private BatchBuffer output;
    private BatchBuffer gradInput;
    private ConvWorkspace workspace;
    private ConvShape lastShape;
    private boolean inputGradientNeeded = true;

    /**
     * An undilated convolution layer.
     *
     * @param filters     F, output channels, at least 1
     * @param kernel      K, kernel rows and columns, at least 1
     * @param stride      step on both axes, at least 1
     * @param padding     zeros on every side, at least 0
     * @param initializer how {@link #initialize} draws the weights (fan-in {@code C*K*K}, fan-out {@code F*K*K})
     * @throws IllegalArgumentException if a size is out of range
     */
    public Conv2dLayer(int filters, int kernel, int stride, int padding, Initializer initializer) {
        this(filters, kernel, stride, padding, 1, initializer);
    }

    /**
     * A convolution layer.
     *
     * @param filters     F, output channels, at least 1
     * @param kernel      K, kernel rows and columns, at least 1
     * @param stride      step on both axes, at least 1
     * @param padding     zeros on every side, at least 0
     * @param dilation    input positions between kernel taps, at least 1 (1: no gaps)
     * @param initializer how {@link #initialize} draws the weights (fan-in {@code C*K*K}, fan-out {@code F*K*K})
     * @throws IllegalArgumentException if a size is out of range
     */
    public Conv2dLayer(int filters, int kernel, int stride, int padding, int dilation, Initializer initializer) {
        if (filters < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("conv layer needs filters, kernel, stride, dilation >= 1 and padding >= 0, got "
                    + filters + ", " + kernel + ", " + stride + ", " + dilation + ", " + padding);
        }
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.initializer = initializer;
    }

    private ConvShape shape(int batch) {
        return shape(-1, inputShape, batch);
    }

    /** The geometry of a batch of {@code batch} samples of {@code in}, checked for the layer at {@code index}. */
    private ConvShape shape(int index, int[] in, int batch) {
        if (in.length != 3) {
            throw new IllegalArgumentException("conv layer " + index + " needs C x H x W input, got " + Arrays.toString(in));
        }
        return new ConvShape(batch, in[0], in[1], in[2], filters, kernel, kernel, stride, stride, padding, padding, dilation, dilation);
    }

    @Override
    public Optional<Footprint> footprint(int index, int[] inputShape, int maxBatch) {
        ConvShape s = shape(index, inputShape, maxBatch);
        long positions = (long) maxBatch * s.outHeight() * s.outWidth();
        long patch = (long) inputShape[0] * kernel * kernel;
        long arena = Footprint.sum(Footprint.parameterBytes(filters * patch), Footprint.parameterBytes(filters),
                Footprint.floatBytes(positions, filters), Footprint.floatBytes(maxBatch, Tensor.product(inputShape)));
        // the explicit path's column matrix and GEMM product, the larger of the two paths' scratch
        long scratch = Footprint.sum(Footprint.floatBytes(patch, positions), Footprint.floatBytes(filters, positions));
        return Optional.of(new Footprint(new int[] {filters, s.outHeight(), s.outWidth()}, arena, scratch));
    }

    @Override
    public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
        ConvShape s = shape(index, inputShape, maxBatch);
        this.inputShape = inputShape.clone();
        int channels = inputShape[0];
        weight = Param.allocate(arena, index + ".weight", true, filters, channels, kernel, kernel);
        bias = Param.allocate(arena, index + ".bias", false, filters);
        output = new BatchBuffer(arena, maxBatch, filters, s.outHeight(), s.outWidth());
        gradInput = new BatchBuffer(arena, maxBatch, inputShape[0], inputShape[1], inputShape[2]);
        workspace = new ConvWorkspace();
    }

    @Override
    public int[] outputShape() {
        ConvShape s = shape(1);
        return new int[] {filters, s.outHeight(), s.outWidth()};
    }

    @Override
    public void initialize(RandomGenerator random) {
        int fanIn = inputShape[0] * kernel * kernel;
        initializer.fill(weight.value(), fanIn, filters * kernel * kernel, random);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        int batch = input.dim(0);
        if (lastShape == null || lastShape.batch() != batch) {
            lastShape = shape(batch); // kept while the batch size stays: steady-state steps create no objects
        }
        Tensor y = output.rows(batch);
        Conv2d.forward(lastShape, input.data(), weight.value().data(), bias.value().data(), y.data(), workspace);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor dx = inputGradientNeeded ? gradInput.rows(gradOutput.dim(0)) : null;
        Conv2d.backward(lastShape, weight.value().data(), gradOutput.data(), weight.gradient().data(), bias.gradient().data(),
                dx == null ? null : dx.data(), workspace);
        return dx;
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        inputGradientNeeded = needed;
    }

    @Override
    public void close() {
        workspace.close();
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public String describe() {
        return "conv(" + inputShape[0] + "->" + filters + ", " + kernel + "x" + kernel + ", stride " + stride + ", pad " + padding
                + (dilation != 1 ? ", dilation " + dilation : "") + ")";
    }
}
