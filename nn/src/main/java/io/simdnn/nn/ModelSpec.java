package io.simdnn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Layer;

/**
 * An architecture written as a short string, which checkpoints store in their metadata so that
 * {@code eval} can rebuild the model. Two forms:
 *
 * <ul>
 *   <li>a preset: {@code mlp:512,256} (flatten, dense layers of those widths, each followed by
 *       ReLU, then a dense output layer), {@code cnn} (conv 5x5 16 pad 2, ReLU, max-pool 2, conv
 *       5x5 32 pad 2, ReLU, max-pool 2, flatten, dense output) or {@code cnn-fc128} (the same up
 *       to flatten, then dropout 0.25, dense 128, ReLU, dense output). Presets add the output
 *       layer themselves. Their layers are those of the equivalent PyTorch
 *       {@code nn.Sequential} ({@code nn.Flatten()} included), so tensor names match: the first
 *       dense layer of {@code mlp} is {@code 1.weight}, as in
 *       {@code nn.Sequential(nn.Flatten(), nn.Linear(784, 512), ...)}.</li>
 *   <li>a layer list: comma-separated tokens, in order, ending with the output layer
 *       {@code dense<classes>}, e.g.
 *       {@code conv5x5x16p2,relu,maxpool2,conv5x5x32p2,relu,maxpool2,flatten,dropout0.25,dense128,bn,relu,dense10}.</li>
 * </ul>
 *
 * <pre>
 * dense&lt;N&gt;                      fully connected, N outputs (reads any sample as flat)
 * conv&lt;K&gt;x&lt;K&gt;x&lt;F&gt;[s&lt;S&gt;][p&lt;P&gt;][d&lt;D&gt;]   F filters of K x K, stride S (1), zero padding P (0), dilation D (1)
 * maxpool&lt;K&gt;[s&lt;S&gt;]             max over K x K windows, stride S (K)
 * avgpool&lt;K&gt;[s&lt;S&gt;]             mean over K x K windows, stride S (K)
 * relu | tanh | sigmoid | scaledtanh   activations (scaledtanh = 1.7159 tanh(2x/3))
 * flatten                         C x H x W samples to C*H*W features (a view, no copy)
 * dropout&lt;rate&gt;                  inverted dropout in training, rate in [0, 1), e.g. dropout0.25
 * bn                              batch normalization: per channel on C x H x W, per feature on flat input
 * </pre>
 *
 * Tokens ignore case and blanks. {@link #toString()} gives the canonical string (presets by
 * name, lists with every token in canonical spelling); parsing it gives an equal spec. Errors
 * name the bad token, its position and what was expected.
 */
public final class ModelSpec {
    private static final List<LayerSpec> CONVOLUTIONS = List.of(new LayerSpec.Conv(5, 16, 1, 2), LayerSpec.Simple.RELU,
            new LayerSpec.Pool(true, 2, 2), new LayerSpec.Conv(5, 32, 1, 2), LayerSpec.Simple.RELU, new LayerSpec.Pool(true, 2, 2));
    private static final Map<String, List<LayerSpec>> PRESETS = Map.of(
            "cnn", concat(CONVOLUTIONS, List.of(LayerSpec.Simple.FLATTEN)),
            // the command line's default: the same convolutions, then dropout and a hidden layer of 128
            // (92.2% on Fashion-MNIST in 15 epochs against 90.9-91.4% for "cnn")
            "cnn-fc128", concat(CONVOLUTIONS, List.of(LayerSpec.Simple.FLATTEN, new LayerSpec.Dropout(0.25f),
                    new LayerSpec.Dense(128), LayerSpec.Simple.RELU)));
    /**
     * Where the presets that had no flatten layer before it was added (so that their tensor names
     * match PyTorch's) now have it: {@code mlp} begins with it, {@code cnn} has it after its
     * convolutions. Files written before number the layers from there on one lower.
     */
    private static final Map<String, Integer> ADDED_FLATTEN = Map.of("mlp", 0, "cnn", CONVOLUTIONS.size());
    private static final Pattern TENSOR_NAME = Pattern.compile("(best\\.)?(\\d+)(\\..+)");

    private static List<LayerSpec> concat(List<LayerSpec> first, List<LayerSpec> second) {
        List<LayerSpec> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private final String canonical;
    private final List<LayerSpec> hidden;
    private final boolean addsOutputLayer;
    /** The index of the flatten layer files of an older simdnn lack, or -1 (see {@link #ADDED_FLATTEN}). */
    private final int addedFlatten;

    private ModelSpec(String canonical, List<LayerSpec> hidden, boolean addsOutputLayer, int addedFlatten) {
        this.canonical = canonical;
        this.hidden = List.copyOf(hidden);
        this.addsOutputLayer = addsOutputLayer;
        this.addedFlatten = addedFlatten;
    }

    /**
     * The command line's form: {@code model} is {@code mlp} with the {@code hidden} widths, or
     * anything {@link #parse} reads (then {@code hidden} must be empty).
     *
     * @param model  {@code mlp}, a preset or a layer list
     * @param hidden the hidden widths of {@code mlp}; empty for anything else
     * @throws IllegalArgumentException if the spec is malformed (naming the token) or widths are
     *         given for another model
     */
    public ModelSpec(String model, List<Integer> hidden) {
        this(of(model, hidden));
    }

    private ModelSpec(ModelSpec other) {
        this(other.canonical, other.hidden, other.addsOutputLayer, other.addedFlatten);
    }

    private static ModelSpec of(String model, List<Integer> hidden) {
        if (model.strip().equalsIgnoreCase("mlp")) {
            return mlp(hidden);
        }
        if (!hidden.isEmpty()) {
            throw new IllegalArgumentException("hidden layer sizes apply to the mlp preset only, not to '" + model + "'");
        }
        return parse(model);
    }

    private static ModelSpec mlp(List<Integer> widths) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(LayerSpec.Simple.FLATTEN);
        for (int width : widths) {
            if (width < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + widths);
            }
            layers.add(new LayerSpec.Dense(width));
            layers.add(LayerSpec.Simple.RELU);
        }
        return new ModelSpec("mlp:" + widths.stream().map(String::valueOf).collect(Collectors.joining(",")), layers, true,
                ADDED_FLATTEN.get("mlp"));
    }

    /**
     * Reads a preset or a layer list (see the class comment).
     *
     * @param text the spec, e.g. {@code mlp:512,256}, {@code cnn} or {@code conv3x3x8p1,relu,flatten,dense10}
     * @return the spec
     * @throws IllegalArgumentException naming the bad token, its position and what was expected
     */
    public static ModelSpec parse(String text) {
        String spec = text.strip();
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("empty model spec: use mlp:512,256, cnn, or a layer list like "
                    + "conv5x5x16p2,relu,maxpool2,flatten,dense10");
        }
        String lower = spec.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("mlp") || lower.startsWith("mlp:")) {
            String widths = spec.substring(3).replaceFirst("^:", "").strip();
            List<Integer> sizes = new ArrayList<>();
            for (String width : widths.isEmpty() ? new String[0] : widths.split(",")) {
                try {
                    sizes.add(Integer.parseInt(width.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("mlp width '" + width.strip() + "' in '" + spec + "' is not a number");
                }
            }
            return mlp(sizes);
        }
        List<LayerSpec> preset = PRESETS.get(lower);
        if (preset != null) {
            return new ModelSpec(lower, preset, true, ADDED_FLATTEN.getOrDefault(lower, -1));
        }
        String[] tokens = spec.split(",", -1);
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            try {
                layers.add(LayerSpec.parse(tokens[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model spec '" + spec + "', token " + (i + 1) + ": " + e.getMessage()
                        + (tokens.length == 1 ? " (presets: mlp:<widths>, " + String.join(", ", PRESETS.keySet()) + ")" : ""), e);
            }
        }
        String canonical = layers.stream().map(LayerSpec::toString).collect(Collectors.joining(","));
        return new ModelSpec(canonical, layers, false, -1);
    }

    /**
     * The layers in order, the last one with {@code classes} outputs; weights to be drawn with
     * {@code initializer}. The layers are new and unbuilt: pass them to a {@link Model}.
     *
     * @param classes     outputs of the last layer
     * @param initializer the weight scheme of the dense and convolution layers
     * @return a new list of new layers
     * @throws IllegalArgumentException if a layer list does not end with {@code dense<classes>}
     */
    public List<Layer> layers(int classes, Initializer initializer) {
        if (!addsOutputLayer && !(hidden.getLast() instanceof LayerSpec.Dense(int units) && units == classes)) {
            throw new IllegalArgumentException("model spec '" + canonical + "' must end with the output layer dense" + classes
                    + " (one output per class); it ends with '" + hidden.getLast() + "'");
        }
        List<Layer> layers = new ArrayList<>();
        for (LayerSpec layer : hidden) {
            layers.add(layer.create(initializer));
        }
        if (addsOutputLayer) {
            layers.add(new LayerSpec.Dense(classes).create(initializer));
        }
        return layers;
    }

    /**
     * {@code checkpoint} with the tensor names this spec's model has. The {@code mlp} and
     * {@code cnn} presets gained a flatten layer so that their names match PyTorch's
     * {@code nn.Sequential}; a file written before (a model file or a training checkpoint) names
     * the layers from that point on one index lower ({@code 0.weight} for {@code 1.weight} in
     * {@code mlp}, {@code 6.weight} for {@code 7.weight} in {@code cnn}, and the same for
     * {@code best.*} and optimizer-moment names). Such a file is recognized by a tensor at the
     * flatten layer's index, which has none now, and renamed; any other checkpoint is returned
     * unchanged.
     *
     * @param checkpoint a checkpoint read from a file written for this spec's model
     * @return {@code checkpoint} itself, or a copy whose tensors have the current names
     */
    public Checkpoint withCurrentTensorNames(Checkpoint checkpoint) {
        if (addedFlatten < 0 || Stream.concat(checkpoint.tensors().keySet().stream(), checkpoint.integerTensors().keySet().stream())
                .noneMatch(name -> layerIndex(name) == addedFlatten)) {
            return checkpoint;
        }
        return checkpoint.renamed(name -> {
            int index = layerIndex(name); // -1 for a name without a layer index: kept
            if (index < addedFlatten) {
                return name;
            }
            Matcher m = TENSOR_NAME.matcher(name);
            m.matches();
            return (m.group(1) == null ? "" : m.group(1)) + (index + 1) + m.group(3);
        });
    }

    /** The layer index a tensor name starts with ({@code best.} skipped), or -1. */
    private static int layerIndex(String name) {
        Matcher m = TENSOR_NAME.matcher(name);
        if (!m.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The layer tokens, without the output layer a preset adds.
     *
     * @return an unmodifiable list
     */
    public List<LayerSpec> tokens() {
        return hidden;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelSpec spec && spec.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    /** The canonical string, stored in checkpoints: {@code parse(toString())} equals this spec. */
    @Override
    public String toString() {
        return canonical;
    }
}
