package io.simdnn.nn;

import java.util.List;
import java.util.stream.IntStream;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.layers.MaxPool2d;
import io.simdnn.nn.layers.Relu;

/**
 * The order in which a model runs its layers: the declared order, except that a ReLU directly
 * followed by a max pooling runs after the pooling.
 *
 * <p>The two commute bit for bit. ReLU is {@code max(x, 0)}, so the largest value of a window after
 * it is {@code max(largest before, 0)}; NaN stays NaN on both sides. Backward, the pooling sends a
 * window's gradient to its first maximum: where that maximum is positive it is the same position
 * either way (ReLU leaves positive values as they are), and where it is not, ReLU's backward passes
 * nothing in either order, so every input gradient is the same. Pooling first, ReLU reads and writes
 * one value per window instead of every value of the map, forward and backward: a quarter of them
 * behind the CNN's 2 x 2 poolings, whose inputs are the largest maps of a step.
 *
 * <p>Smooth activations are monotone too but are not moved: in float they map nearby inputs to
 * equal outputs (tanh saturates to 1), which moves the first maximum and with it the gradient.
 */
final class RunOrder {
    private RunOrder() {}

    /**
     * The declared positions of {@code layers} in the order they run.
     *
     * @param layers the layers in declared order
     * @return a permutation of {@code 0 .. layers.size() - 1}
     */
    static int[] of(List<Layer> layers) {
        int[] order = IntStream.range(0, layers.size()).toArray();
        boolean moved = true;
        while (moved) { // a ReLU moves past each max pooling that follows it: relu, maxpool, maxpool ends last
            moved = false;
            for (int i = 0; i + 1 < order.length; i++) {
                if (layers.get(order[i]) instanceof Relu && layers.get(order[i + 1]) instanceof MaxPool2d) {
                    int relu = order[i];
                    order[i] = order[i + 1];
                    order[i + 1] = relu;
                    moved = true;
                }
            }
        }
        return order;
    }
}
