package io.simdnn.nn.layers;

import java.util.List;

/**
 * Folds ReLU layers into the dense layers' GEMMs. For each dense layer that runs right before a
 * ReLU, the dense layer's forward product applies the ReLU in its epilogue and the ReLU passes its
 * input through; when a dense layer also runs right after that ReLU, its input-gradient product
 * applies the ReLU's gradient mask and the ReLU passes the gradient through. The results are the
 * same bits; what goes is a pass over each activation and its gradient, and, on 2 threads, a core
 * reading the half of a tensor that the other core wrote.
 */
public final class ReluFusion {
    private ReluFusion() {}

    /**
     * Fuses every dense-ReLU pair of {@code running}, the layers in the order they run, already
     * built. Call once, before the first step.
     *
     * @param running the model's layers in running order
     * @return how many ReLU layers were folded into the dense layer before them
     */
    public static int apply(List<Layer> running) {
        int fused = 0;
        for (int i = 0; i + 1 < running.size(); i++) {
            if (running.get(i) instanceof Dense before && running.get(i + 1) instanceof Relu relu) {
                before.activateOutput();
                relu.takeActivatedInput();
                if (i + 2 < running.size() && running.get(i + 2) instanceof Dense after) {
                    after.maskInputGradient();
                    relu.takeMaskedGradient();
                }
                fused++;
            }
        }
        return fused;
    }
}
