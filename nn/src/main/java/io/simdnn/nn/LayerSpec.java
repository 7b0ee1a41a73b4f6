package io.simdnn.nn;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.simdnn.kernels.elementwise.Dropout;
import io.simdnn.nn.layers.AvgPool2d;
import io.simdnn.nn.layers.BatchNormLayer;
import io.simdnn.nn.layers.Conv2dLayer;
import io.simdnn.nn.layers.DropoutLayer;
import io.simdnn.nn.layers.Flatten;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.layers.Layer;
import io.simdnn.nn.layers.MaxPool2d;
import io.simdnn.nn.layers.Relu;
import io.simdnn.nn.layers.SmoothActivation;

/**
 * One token of a {@link ModelSpec}: what layer to build. {@code toString()} is the token's
 * canonical spelling, which {@link #parse} reads back to an equal value.
 */
public sealed interface LayerSpec {
    /** The grammar, for error messages and help texts. */
    String GRAMMAR = "dense<N>, conv<K>x<K>x<F>[s<S>][p<P>][d<D>], maxpool<K>[s<S>], avgpool<K>[s<S>], "
            + "relu, tanh, sigmoid, scaledtanh, flatten, dropout<rate>, bn";

    /**
     * A fresh layer; weights are drawn later by {@code Model.initialize} with {@code initializer}'s scheme.
     *
     * @param initializer the weight scheme of a dense or convolution layer (others ignore it)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if the spec's numbers are out of range for the layer
     */
    Layer create(Initializer initializer);

    /**
     * {@code dense<N>}: fully connected, N outputs.
     *
     * @param units N, outputs of the layer
     */
    record Dense(int units) implements LayerSpec {
        @Override
        public Layer create(Initializer initializer) {
            return new io.simdnn.nn.layers.Dense(units, initializer);
        }

        /** @return {@code dense<N>} */
        @Override
        public String toString() {
            return "dense" + units;
        }
    }

    /**
     * {@code conv<K>x<K>x<F>[s<S>][p<P>][d<D>]}: F filters of K x K, stride S (default 1), zero
     * padding P (default 0), dilation D (default 1: no gaps between the kernel's taps).
     *
     * @param kernel   K, kernel rows and columns
     * @param filters  F, output channels
     * @param stride   S, step on both axes
     * @param padding  P, zeros on every side
     * @param dilation D, input positions between kernel taps
     */
    record Conv(int kernel, int filters, int stride, int padding, int dilation) implements LayerSpec {
        /**
         * Undilated.
         *
         * @param kernel  K, kernel rows and columns
         * @param filters F, output channels
         * @param stride  S, step on both axes
         * @param padding P, zeros on every side
         */
        public Conv(int kernel, int filters, int stride, int padding) {
            this(kernel, filters, stride, padding, 1);
        }

        @Override
        public Layer create(Initializer initializer) {
            return new Conv2dLayer(filters, kernel, stride, padding, dilation, initializer);
        }

        /** @return the canonical token, default parts left out, e.g. {@code conv5x5x16p2} */
        @Override
        public String toString() {
            return "conv" + kernel + "x" + kernel + "x" + filters + (stride != 1 ? "s" + stride : "") + (padding != 0 ? "p" + padding : "")
                    + (dilation != 1 ? "d" + dilation : "");
        }
    }

    /**
     * {@code maxpool<K>[s<S>]} or {@code avgpool<K>[s<S>]}: K x K windows, stride S (default K).
     *
     * @param max    maximum ({@code true}) or mean ({@code false}) of each window
     * @param kernel K, window rows and columns
     * @param stride S, the window's step
     */
    record Pool(boolean max, int kernel, int stride) implements LayerSpec {
        @Override
        public Layer create(Initializer initializer) {
            return max ? new MaxPool2d(kernel, stride) : new AvgPool2d(kernel, stride);
        }

        /** @return the canonical token, e.g. {@code maxpool2} */
        @Override
        public String toString() {
            return (max ? "maxpool" : "avgpool") + kernel + (stride != kernel ? "s" + stride : "");
        }
    }

    /**
     * {@code dropout<rate>}: inverted dropout, rate in [0, 1).
     *
     * @param rate probability of zeroing a value in training
     */
    record Dropout(float rate) implements LayerSpec {
        @Override
        public Layer create(Initializer initializer) {
            return new DropoutLayer(rate);
        }

        /** @return the canonical token, e.g. {@code dropout0.25} */
        @Override
        public String toString() {
            return "dropout" + new BigDecimal(Float.toString(rate)).stripTrailingZeros().toPlainString();
        }
    }

    /** The layers without arguments: activations, flatten and batch normalization. */
    enum Simple implements LayerSpec {
        /** {@code relu}: {@code max(x, 0)}. */
        RELU,
        /** {@code tanh}. */
        TANH,
        /** {@code sigmoid}: {@code 1 / (1 + exp(-x))}. */
        SIGMOID,
        /** {@code scaledtanh}: {@code 1.7159 tanh(2x/3)}. */
        SCALEDTANH,
        /** {@code flatten}: C x H x W to C*H*W features, a view. */
        FLATTEN,
        /** {@code bn}: batch normalization per channel (per feature on flat input). */
        BN;

        @Override
        public Layer create(Initializer initializer) {
            return switch (this) {
                case RELU -> new Relu();
                case TANH -> SmoothActivation.tanh();
                case SIGMOID -> SmoothActivation.sigmoid();
                case SCALEDTANH -> SmoothActivation.scaledTanh();
                case FLATTEN -> new Flatten();
                case BN -> new BatchNormLayer();
            };
        }

        /** @return the token, the constant's name in lower case */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads one token (case and surrounding blanks ignored).
     *
     * @param token a layer token, e.g. {@code conv5x5x16p2} or {@code dropout0.25}
     * @return the spec
     * @throws IllegalArgumentException naming the token and what was expected
     */
    static LayerSpec parse(String token) {
        String t = token.strip().toLowerCase(Locale.ROOT);
        for (Simple simple : Simple.values()) {
            if (t.equals(simple.toString())) {
                return simple;
            }
        }
        Matcher m;
        if ((m = TokenPatterns.DENSE.matcher(t)).matches()) {
            return new Dense(positive(token, "width", m.group(1)));
        }
        if ((m = TokenPatterns.CONV.matcher(t)).matches()) {
            int kernel = positive(token, "kernel size", m.group(1));
            if (kernel != positive(token, "kernel size", m.group(2))) {
                throw bad(token, "only square kernels are supported (conv<K>x<K>x<F>)");
            }
            int filters = positive(token, "filter count", m.group(3));
            int stride = m.group(4) == null ? 1 : positive(token, "stride", m.group(4));
            int padding = m.group(5) == null ? 0 : number(token, "padding", m.group(5));
            int dilation = m.group(6) == null ? 1 : positive(token, "dilation", m.group(6));
            return new Conv(kernel, filters, stride, padding, dilation);
        }
        if ((m = TokenPatterns.POOL.matcher(t)).matches()) {
            int kernel = positive(token, "window size", m.group(2));
            return new Pool(m.group(1).equals("max"), kernel, m.group(3) == null ? kernel : positive(token, "stride", m.group(3)));
        }
        if ((m = TokenPatterns.DROPOUT.matcher(t)).matches()) {
            float rate = Float.parseFloat(m.group(1));
            if (!(rate >= 0 && rate < 1)) {
                throw bad(token, "the dropout rate must be in [0, 1)");
            }
            return new Dropout(rate);
        }
        String expected = t.startsWith("conv") ? "conv<K>x<K>x<F>[s<S>][p<P>][d<D>], e.g. conv5x5x16p2"
                : t.startsWith("dense") ? "dense<N>, e.g. dense128"
                : t.startsWith("maxpool") || t.startsWith("avgpool") ? "maxpool<K>[s<S>] or avgpool<K>[s<S>], e.g. maxpool2"
                : t.startsWith("dropout") ? "dropout<rate>, e.g. dropout0.25"
                : "one of " + GRAMMAR;
        throw bad(token, t.isEmpty() ? "empty layer (two commas in a row?); expected one of " + GRAMMAR : "expected " + expected);
    }

    private static int number(String token, String what, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw bad(token, what + " " + digits + " is too large");
        }
    }

    private static int positive(String token, String what, String digits) {
        int value = number(token, what, digits);
        if (value < 1) {
            throw bad(token, what + " must be >= 1");
        }
        return value;
    }

    private static IllegalArgumentException bad(String token, String problem) {
        return new IllegalArgumentException("layer '" + token.strip() + "': " + problem);
    }
}

/** The token patterns of {@link LayerSpec#parse} (fields of an interface would be public API). */
final class TokenPatterns {
    static final Pattern DENSE = Pattern.compile("dense(\\d+)");
    static final Pattern CONV = Pattern.compile("conv(\\d+)x(\\d+)x(\\d+)(?:s(\\d+))?(?:p(\\d+))?(?:d(\\d+))?");
    static final Pattern POOL = Pattern.compile("(max|avg)pool(\\d+)(?:s(\\d+))?");
    static final Pattern DROPOUT = Pattern.compile("dropout(\\d*\\.?\\d+(?:e-?\\d+)?)");

    private TokenPatterns() {}
}
