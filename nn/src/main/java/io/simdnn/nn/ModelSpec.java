package io.simdnn.nn;

import io.simdnn.nn.layers.Conv2dLayer;
import io.simdnn.nn.layers.Dense;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.layers.MaxPool2d;
import io.simdnn.nn.layers.Relu;
import io.simdnn.nn.train.Initializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The architectures the command line builds, written as a short string that checkpoints store in
 * their metadata so {@code eval} can rebuild the model: {@code mlp:512,256} (dense layers with
 * ReLU, then a dense output layer) or {@code cnn} (conv 5x5 16 pad 2, ReLU, max-pool 2,
 * conv 5x5 32 pad 2, ReLU, max-pool 2, dense output).
 */
public record ModelSpec(String kind, List<Integer> hidden) {
    public ModelSpec {
        if (!kind.equals("mlp") && !kind.equals("cnn")) {
            throw new IllegalArgumentException("unknown model '" + kind + "': choose mlp or cnn");
        }
        hidden = List.copyOf(hidden);
        for (int width : hidden) {
            if (width < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + hidden);
            }
        }
    }

    public static ModelSpec parse(String text) {
        String[] parts = text.trim().split(":", 2);
        List<Integer> hidden = parts.length > 1 && !parts[1].isBlank()
                ? Arrays.stream(parts[1].split(",")).map(String::trim).map(Integer::valueOf).toList()
                : List.of();
        return new ModelSpec(parts[0], hidden);
    }

    /** The layers for {@code classes} outputs, weights to be drawn by {@code initializer}. */
    public List<Layer> layers(int classes, Initializer initializer) {
        List<Layer> layers = new ArrayList<>();
        if (kind.equals("cnn")) {
            layers.addAll(List.of(new Conv2dLayer(16, 5, 1, 2, initializer), new Relu(), new MaxPool2d(2, 2),
                    new Conv2dLayer(32, 5, 1, 2, initializer), new Relu(), new MaxPool2d(2, 2)));
        } else {
            for (int width : hidden) {
                layers.add(new Dense(width, initializer));
                layers.add(new Relu());
            }
        }
        layers.add(new Dense(classes, initializer));
        return layers;
    }

    @Override
    public String toString() {
        return kind.equals("cnn") ? "cnn" : "mlp:" + hidden.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
