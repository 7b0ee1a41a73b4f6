package io.simdnn.nn.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.tensor.Param;
import io.simdnn.nn.tensor.Tensor;

/**
 * Checks back-propagation: for every parameter tensor and the input, the analytic gradient of the
 * training loss (data loss plus the L2 penalty, whose gradient {@code 2 lambda W} the optimizer
 * adds) against central differences {@code (L(w + h) - L(w - h)) / 2h}, computed in double from
 * the loss of full training-mode forward passes.
 *
 * <p>Error measure: {@code |analytic - numeric| / max(|analytic|, |numeric|, floor)}, worst per
 * tensor. The model computes in float, so a loss is exact to about 1e-7 relative and a difference
 * quotient carries about {@code 1e-7 / h} of noise; the floor keeps gradients below that noise
 * from counting as relative errors. The steps actually taken ({@code (float) (w + h) - w}) are used
 * as the denominator, so rounding of the perturbed value does not bias the quotient.
 *
 * <p>Kinks: where the loss is not differentiable within {@code h} (a ReLU input or a max-pool tie
 * crossed by the perturbation) the central difference is meaningless. When the one-sided quotients
 * disagree ({@code |s+ - s-| > tolerance * max(|s+|, |s-|, floor)}; a smooth loss gives about
 * {@code h |L''|}) the central difference is repeated with {@code h / 2}: a smooth loss gives the
 * same value, a kink does not, and such elements are skipped. Reports say how many.
 *
 * <p>Stateful layers: all forward passes run in training mode before the single backward pass,
 * so dropout uses one mask throughout (its mask advances on backward) and batch normalization uses
 * batch statistics; its running statistics do move. The model's parameters and the input are
 * restored exactly; its gradients hold the analytic values afterwards.
 */
public final class GradientCheck {
    /**
     * How the check perturbs and judges.
     *
     * @param step                 h, the perturbation
     * @param tolerance            the largest acceptable error measure
     * @param floor                gradients below this are compared absolutely
     * @param maxElementsPerTensor check at most this many elements of each tensor, drawn at random (0 = all)
     * @param seed                 seed of that draw
     */
    public record Settings(double step, double tolerance, double floor, int maxElementsPerTensor, long seed) {
        /**
         * Validates the numbers.
         *
         * @throws IllegalArgumentException if step or tolerance is not above 0, floor below 0, or
         *         maxElementsPerTensor below 0
         */
        public Settings {
            if (!(step > 0) || !(tolerance > 0) || !(floor >= 0) || maxElementsPerTensor < 0) {
                throw new IllegalArgumentException("gradient check needs step > 0, tolerance > 0, floor >= 0 and "
                        + "maxElementsPerTensor >= 0, got " + step + ", " + tolerance + ", " + floor + ", " + maxElementsPerTensor);
            }
        }

        /**
         * h = 1e-2, tolerance 1e-2, floor 1e-2, every element. Measured on small float models
         * (batch 4, unit-scale data, batch norm included), the rounding of the forward pass leaves
         * about 1e-5 of noise in a difference quotient at this h, and the truncation error
         * {@code h^2 |L'''| / 6} is below that; a smaller h crosses fewer kinks but is noisier. So
         * gradients below the floor are held to 1e-4 absolute, larger ones to 1% relative: a wrong
         * term or sign (an error of the size of the gradient) fails, rounding does not.
         *
         * @return the default settings, seed 1
         */
        public static Settings defaults() {
            return new Settings(1e-2, 1e-2, 1e-2, 0, 1);
        }

        /**
         * These settings checking at most {@code max} elements per tensor.
         *
         * @param max elements per tensor, drawn at random; 0 for all
         * @return a copy with that limit
         */
        public Settings withMaxElementsPerTensor(int max) {
            return new Settings(step, tolerance, floor, max, seed);
        }
    }

    /**
     * The outcome for one tensor; {@code worstIndex} is -1 when no element could be compared.
     *
     * @param name       the parameter's name, or {@code input}
     * @param shape      the tensor's shape
     * @param checked    elements compared
     * @param kinks      elements skipped because a perturbation crossed a kink
     * @param worstError the largest error measure among the compared elements
     * @param worstIndex the flat index of that element, or -1
     * @param analytic   back-propagation's gradient at that element
     * @param numeric    the central difference at that element
     * @param passed     whether {@code worstError} is within the tolerance
     */
    public record TensorResult(String name, int[] shape, int checked, int kinks, double worstError, int worstIndex,
                               double analytic, double numeric, boolean passed) {}

    /**
     * All tensors' results, parameters first in model order, then {@code input}.
     *
     * @param tensors  one result per tensor
     * @param settings the settings of the check
     */
    public record Report(List<TensorResult> tensors, Settings settings) {
        /**
         * Whether every tensor passed.
         *
         * @return {@code true} if no tensor failed
         */
        public boolean passed() {
            return tensors.stream().allMatch(TensorResult::passed);
        }

        /**
         * A fixed-width table, one row per tensor.
         *
         * @return the table with a header line, each line ended by a line separator
         */
        public String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-18s %-16s %8s %6s %11s %13s %13s  %s%n",
                    "tensor", "shape", "checked", "kinks", "worst error", "analytic", "numeric", "result"));
            for (TensorResult r : tensors) {
                out.append(String.format(Locale.ROOT, "%-18s %-16s %8d %6d %11.2e %13.6e %13.6e  %s%n", r.name(),
                        java.util.Arrays.toString(r.shape()).replace(" ", ""), r.checked(), r.kinks(), r.worstError(),
                        r.analytic(), r.numeric(), r.passed() ? "ok" : "FAILED"));
            }
            return out.toString();
        }
    }

    private final Model model;
    private final Tensor input;
    private final int[] labels;
    private final SoftmaxCrossEntropyLoss loss;
    private final Settings settings;
    private final Tensor gradLogits;

    private GradientCheck(Model model, Tensor input, int[] labels, SoftmaxCrossEntropyLoss loss, Settings settings) {
        this.model = model;
        this.input = input;
        this.labels = labels;
        this.loss = loss;
        this.settings = settings;
        this.gradLogits = model.allocate(input.dim(0), model.classes());
    }

    /**
     * Checks every parameter of {@code model} and the input tensor (perturbed in place and
     * restored) for one batch with {@code labels}, under {@code loss} (its L2 coefficient included).
     *
     * @param model    the model, built for at least the batch; its parameters are restored, its
     *                 gradients hold the analytic values afterwards
     * @param input    the batch, {@code [N, inputShape...]}, perturbed in place and restored
     * @param labels   at least N labels
     * @param loss     the checked loss: data loss plus its L2 penalty
     * @param settings step, tolerance, floor and sampling
     * @return one result per parameter tensor and the input
     * @throws IllegalArgumentException if there are fewer labels than samples
     */
    public static Report check(Model model, Tensor input, int[] labels, SoftmaxCrossEntropyLoss loss, Settings settings) {
        if (labels.length < input.dim(0)) {
            throw new IllegalArgumentException("gradient check of a batch of " + input.dim(0) + " needs as many labels, got " + labels.length);
        }
        return new GradientCheck(model, input, labels, loss, settings).run();
    }

    private Report run() {
        Map<String, Tensor> checked = new LinkedHashMap<>();
        for (Param param : model.params()) {
            checked.put(param.name(), param.value());
        }
        checked.put("input", input);
        SplittableRandom random = new SplittableRandom(settings.seed());
        double base = loss();
        // numeric first: no backward pass may run before them, or dropout would move to its next mask
        Map<String, Numeric> numeric = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> tensor : checked.entrySet()) {
            numeric.put(tensor.getKey(), differences(tensor.getValue(), base, random));
        }
        model.setInputGradientNeeded(true);
        try {
            loss();
            Tensor inputGradient = model.backward(gradLogits);
            List<TensorResult> results = new ArrayList<>();
            for (Param param : model.params()) {
                float[] analytic = param.gradient().toArray();
                if (param.regularized()) {
                    float[] w = param.value().toArray();
                    for (int i = 0; i < analytic.length; i++) {
                        analytic[i] += 2 * loss.l2() * w[i];
                    }
                }
                results.add(compare(param.name(), param.value().shape(), analytic, numeric.get(param.name())));
            }
            results.add(compare("input", input.shape(), inputGradient.toArray(), numeric.get("input")));
            return new Report(List.copyOf(results), settings);
        } finally {
            model.setInputGradientNeeded(false);
        }
    }

    /**
     * Adds uniform noise in [-0.1, 0.1) to every parameter that is not L2-regularized (biases start
     * at 0, batch-norm scales at 1), so their gradients are checked at a generic point rather than a
     * symmetric one. Initialization is not a hot path.
     *
     * @param model  the model whose biases and batch-norm parameters are moved
     * @param random the source of the noise
     */
    public static void jitterUnregularized(Model model, java.util.random.RandomGenerator random) {
        for (Param param : model.params()) {
            if (!param.regularized()) {
                for (long i = 0; i < param.value().size(); i++) {
                    Buffers.set(param.value().data(), i, Buffers.get(param.value().data(), i) + (float) (random.nextDouble() * 0.2 - 0.1));
                }
            }
        }
    }

    /**
     * Training loss of the batch: data loss plus the L2 penalty. The data loss is recomputed in
     * double from the float logits (log-sum-exp per row), because the kernel's float result would
     * add half an ulp of rounding to every difference quotient; the kernel still writes dLoss/dLogits
     * into gradLogits for the backward pass.
     */
    private double loss() {
        Tensor logits = model.forward(input, true);
        loss.dataLossAndGradient(logits, labels, 0, gradLogits);
        int rows = logits.dim(0);
        int classes = logits.rowLength();
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, Buffers.get(logits.data(), (long) r * classes + j));
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(Buffers.get(logits.data(), (long) r * classes + j) - max);
            }
            total += Math.log(sum) + max - Buffers.get(logits.data(), (long) r * classes + labels[r]);
        }
        return total / rows + loss.penalty(model.params());
    }

    private record Numeric(int[] indices, double[] gradients, boolean[] kinks) {}

    private Numeric differences(Tensor tensor, double base, SplittableRandom random) {
        int[] indices = sample((int) tensor.size(), random);
        double[] gradients = new double[indices.length];
        boolean[] kinks = new boolean[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            float original = Buffers.get(tensor.data(), i);
            float up = (float) (original + settings.step());
            float down = (float) (original - settings.step());
            double plus = lossAt(tensor, i, up);
            double minus = lossAt(tensor, i, down);
            Buffers.set(tensor.data(), i, original);
            gradients[k] = (plus - minus) / ((double) up - down);
            double right = (plus - base) / ((double) up - original);
            double left = (base - minus) / ((double) original - down);
            double scale = Math.max(Math.max(Math.abs(right), Math.abs(left)), settings.floor());
            if (Math.abs(right - left) > settings.tolerance() * scale) {
                // curvature or a kink: a smooth loss gives the same central difference at h / 2 (up to
                // h^2 |L'''| / 8), while a kink within h moves it by a share of the slope's jump
                float halfUp = (float) (original + settings.step() / 2);
                float halfDown = (float) (original - settings.step() / 2);
                double half = (lossAt(tensor, i, halfUp) - lossAt(tensor, i, halfDown)) / ((double) halfUp - halfDown);
                Buffers.set(tensor.data(), i, original);
                kinks[k] = Math.abs(half - gradients[k]) > settings.tolerance() * scale / 2;
            }
        }
        return new Numeric(indices, gradients, kinks);
    }

    private double lossAt(Tensor tensor, int index, float value) {
        Buffers.set(tensor.data(), index, value);
        return loss();
    }

    private int[] sample(int size, SplittableRandom random) {
        int count = settings.maxElementsPerTensor() == 0 ? size : Math.min(size, settings.maxElementsPerTensor());
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        // a partial Fisher-Yates shuffle picks count distinct elements; sorted for readable reports
        for (int i = 0; i < count && count < size; i++) {
            int j = i + random.nextInt(size - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] chosen = java.util.Arrays.copyOf(all, count);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    private TensorResult compare(String name, int[] shape, float[] analytic, Numeric numeric) {
        double worst = 0;
        int worstIndex = -1;
        int kinks = 0;
        for (int k = 0; k < numeric.indices().length; k++) {
            if (numeric.kinks()[k]) {
                kinks++;
                continue;
            }
            double a = analytic[numeric.indices()[k]];
            double n = numeric.gradients()[k];
            double error = Math.abs(a - n) / Math.max(Math.max(Math.abs(a), Math.abs(n)), settings.floor());
            if (worstIndex < 0 || error > worst || Double.isNaN(error)) {
                worst = error;
                worstIndex = numeric.indices()[k];
            }
        }
        int checked = numeric.indices().length - kinks;
        double a = worstIndex < 0 ? Double.NaN : analytic[worstIndex];
        double n = Double.NaN;
        for (int k = 0; k < numeric.indices().length; k++) {
            if (numeric.indices()[k] == worstIndex) {
                n = numeric.gradients()[k];
            }
        }
        // a tensor whose every element sat on a kink was not checked at all: that is a failure too
        boolean passed = checked > 0 && worst <= settings.tolerance();
        return new TensorResult(name, shape, checked, kinks, worst, worstIndex, a, n, passed);
    }
}
