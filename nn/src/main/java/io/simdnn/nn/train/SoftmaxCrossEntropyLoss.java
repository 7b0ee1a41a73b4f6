package io.simdnn.nn.train;

import java.util.List;
import io.simdnn.kernels.loss.SoftmaxCrossEntropy;
import io.simdnn.kernels.optim.Norms;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * Mean softmax cross-entropy over a batch plus L2 regularization {@code lambda * sum ||W||^2}
 * over the weights (not the biases). The data term and its gradient come from the fused kernel;
 * the L2 gradient {@code 2 lambda W} is applied by the optimizer's fused update, so it costs no
 * extra pass here.
 */
public final class SoftmaxCrossEntropyLoss {
    private final float l2;

    public SoftmaxCrossEntropyLoss(float l2) {
        if (!(l2 >= 0) || Float.isInfinite(l2)) {
            throw new IllegalArgumentException("L2 coefficient must be finite and >= 0, got " + l2);
        }
        this.l2 = l2;
    }

    public float l2() {
        return l2;
    }

    /**
     * Returns the batch's data loss (NaN if any logit is not finite) and writes dLoss/dLogits
     * into {@code gradient} (same shape as logits).
     */
    public float dataLossAndGradient(Tensor logits, int[] labels, int labelsOffset, Tensor gradient) {
        int batch = logits.dim(0);
        int classes = logits.rowLength();
        return SoftmaxCrossEntropy.lossAndGradient(batch, classes, logits.data(), 0, classes,
                labels, labelsOffset, gradient.data(), 0, classes);
    }

    /** The regularization term for the current weights. */
    public double penalty(List<Param> params) {
        if (l2 == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < params.size(); i++) { // indexed: an iterator per step is garbage
            Param param = params.get(i);
            if (param.regularized()) {
                sum += Norms.sumOfSquares(param.value().size(), param.value().data(), 0);
            }
        }
        return l2 * sum;
    }
}
