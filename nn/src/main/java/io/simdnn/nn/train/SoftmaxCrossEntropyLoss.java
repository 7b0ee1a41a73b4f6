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
 *
 * <p>The two terms are kept apart: {@link #dataLossAndGradient} is the data loss, which simdnn
 * reports as "loss" everywhere (training, validation, test, {@code eval}), and {@link #penalty} the
 * L2 penalty, reported next to it. The objective the optimizer minimizes is their sum.
 */
public final class SoftmaxCrossEntropyLoss {
    private final float l2;

    /**
     * The loss with L2 coefficient {@code l2}.
     *
     * @param l2 lambda, finite and at least 0; 0 for no regularization
     * @throws IllegalArgumentException if {@code l2} is negative, NaN or infinite
     */
    public SoftmaxCrossEntropyLoss(float l2) {
        if (!(l2 >= 0) || Float.isInfinite(l2)) {
            throw new IllegalArgumentException("L2 coefficient must be finite and >= 0, got " + l2);
        }
        this.l2 = l2;
    }

    /**
     * The L2 coefficient.
     *
     * @return lambda
     */
    public float l2() {
        return l2;
    }

    /**
     * Returns the batch's data loss (NaN if any logit is not finite) and writes dLoss/dLogits
     * into {@code gradient} (same shape as logits).
     *
     * @param logits       {@code [N, classes]}, read only
     * @param labels       the class of each row
     * @param labelsOffset index in {@code labels} of row 0's label
     * @param gradient     receives {@code (softmax - onehot) / N}, {@code [N, classes]}; may be {@code logits}
     * @return the mean cross-entropy over the N rows, without the L2 penalty
     * @throws IllegalArgumentException if a label is outside {@code [0, classes)}
     */
    public float dataLossAndGradient(Tensor logits, int[] labels, int labelsOffset, Tensor gradient) {
        int batch = logits.dim(0);
        int classes = logits.rowLength();
        return SoftmaxCrossEntropy.lossAndGradient(batch, classes, logits.data(), 0, classes,
                labels, labelsOffset, gradient.data(), 0, classes);
    }

    /**
     * The regularization term for the current weights.
     *
     * @param params the model's parameters; only the regularized ones (weights) count
     * @return {@code lambda * sum of the squares of every regularized value}, 0 when lambda is 0
     */
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
