package io.simdnn.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.List;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Back-propagation of every layer type, in small models built from spec strings, against central
 * differences ({@link GradientCheck} with its default settings, whose tolerances are justified
 * there, run by {@link GradientCheckSupport}), with L2 in the loss, batch norm in training mode and
 * dropout with its mask fixed for the check. And a broken layer is caught.
 */
class GradientCheckTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "dense5,relu,dense3",                                  // dense, ReLU, L2 on weights only
            "dense6,sigmoid,dense5,scaledtanh,dense4,tanh,dense3", // smooth activations
            "dense6,bn,tanh,dense3",                               // batch norm per feature (S = 1)
            "conv3x3x3p1,bn,tanh,flatten,dense3",                  // batch norm per channel (S = H*W), flatten
            "conv3x3x4p1,maxpool2,flatten,dense3",                 // convolution with padding, max pooling
            "conv3x3x3s2,tanh,avgpool2,dense3",                    // strided convolution, average pooling
            "conv3x3x3p2d2,relu,flatten,dense3",                   // dilated convolution (3 taps spanning 5 positions)
            "dense8,dropout0.5,tanh,dense3",                       // dropout, one mask for the whole check
            "flatten,bn,dense3",                                   // batch norm as the first layer: its input gradient
    })
    void everyLayerTypeBackPropagatesCorrectly(String spec) {
        int[] sample = spec.startsWith("conv") || spec.startsWith("flatten") ? new int[] {2, 6, 6} : new int[] {7};
        GradientCheckSupport.assertBackPropagatesCorrectly(spec, ModelSpec.parse(spec).layers(3, Initializer.XAVIER), sample,
                spec.hashCode());
    }

    /** Dense with its weight gradient 5% too large, as a wrong scaling would be. */
    private static final class SkewedDense implements Layer {
        private final Dense dense = new Dense(3, Initializer.XAVIER);

        @Override
        public void build(int index, int[] inputShape, int maxBatch, Arena arena) {
            dense.build(index, inputShape, maxBatch, arena);
        }

        @Override
        public int[] outputShape() {
            return dense.outputShape();
        }

        @Override
        public void initialize(java.util.random.RandomGenerator random) {
            dense.initialize(random);
        }

        @Override
        public Tensor forward(Tensor input, boolean training) {
            return dense.forward(input, training);
        }

        @Override
        public Tensor backward(Tensor gradOutput) {
            Tensor dx = dense.backward(gradOutput);
            Tensor dw = dense.params().getFirst().gradient();
            for (long i = 0; i < dw.size(); i++) {
                Buffers.set(dw.data(), i, Buffers.get(dw.data(), i) * 1.05f);
            }
            return dx;
        }

        @Override
        public void setInputGradientNeeded(boolean needed) {
            dense.setInputGradientNeeded(needed);
        }

        @Override
        public List<Param> params() {
            return dense.params();
        }

        @Override
        public String describe() {
            return "skewed dense";
        }
    }

    @Test
    void aWrongGradientFailsAndIsNamed() {
        List<Layer> layers = List.of(new Dense(6, Initializer.XAVIER), io.simdnn.nn.layers.SmoothActivation.tanh(), new SkewedDense());
        GradientCheck.Report report = GradientCheckSupport.check(layers, new int[] {5}, 3);
        assertFalse(report.passed(), report.table());
        List<String> failed = report.tensors().stream().filter(r -> !r.passed()).map(GradientCheck.TensorResult::name).toList();
        assertEquals(List.of("2.weight"), failed, report.table());
        assertTrue(report.table().contains("FAILED"));
    }
}
