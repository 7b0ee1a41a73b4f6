package io.simdnn.nn;

import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;

/**
 * Test support: a small model with every stateful layer (convolution, batch norm per channel and
 * per feature, max pooling, flatten, dropout), random batches for it and a few SGD steps on them,
 * for the tests of the layers and of {@link Model} that need real training.
 */
public final class TestModels {
    /** The model's architecture, as a spec string (and checkpoint metadata). */
    public static final String SPEC = "conv3x3x4p1,bn,relu,maxpool2,flatten,dropout0.3,dense8,bn,relu,dense3";
    /** The largest batch of {@link #model}, and the size of every batch here. */
    public static final int BATCH = 5;
    /** The model's outputs. */
    public static final int CLASSES = 3;
    private static final int[] SAMPLE = {1, 6, 6};

    private TestModels() {}

    /** The {@link #SPEC} model on 1 x 6 x 6 samples, He-initialized from {@code seed}. */
    public static Model model(long seed) {
        Model model = new Model(ModelSpec.parse(SPEC).layers(CLASSES, Initializer.HE), SAMPLE, BATCH);
        model.initialize(new SplittableRandom(seed));
        return model;
    }

    /** A batch of {@link #BATCH} samples for {@code model}: Gaussian values around 0.5, drawn from {@code seed}. */
    public static Tensor batch(Model model, long seed) {
        Tensor input = model.allocate(BATCH, SAMPLE[0], SAMPLE[1], SAMPLE[2]);
        SplittableRandom random = new SplittableRandom(seed);
        for (long i = 0; i < input.size(); i++) {
            Buffers.set(input.data(), i, (float) random.nextGaussian() + 0.5f);
        }
        return input;
    }

    /** A few SGD steps on fixed random batches; returns the whole state afterwards. */
    public static float[][] train(Model model, int steps) {
        SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss(1e-4f);
        SgdMomentum optimizer = new SgdMomentum(0.05f, 0.9f, 1f, 1e-4f);
        Tensor grad = model.allocate(BATCH, CLASSES);
        int[] labels = {0, 1, 2, 1, 0};
        for (int step = 0; step < steps; step++) {
            loss.dataLossAndGradient(model.forward(batch(model, step), true), labels, 0, grad);
            model.backward(grad);
            optimizer.step(model.params(), 0);
        }
        return model.stateDict().values().stream().map(Tensor::toArray).toArray(float[][]::new);
    }
}
