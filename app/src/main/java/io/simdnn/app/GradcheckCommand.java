package io.simdnn.app;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import io.simdnn.kernels.Buffers;
import io.simdnn.nn.Model;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.tensor.Tensor;
import io.simdnn.nn.train.GradientCheck;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./simdnn gradcheck [SPEC]}: builds the model of a spec on a small random batch and checks
 * its back-propagation against central differences ({@link GradientCheck}); exit code 1 when a
 * tensor fails.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check a model spec's analytic gradients (every parameter and the input, loss with L2) "
                + "against central differences on a small random batch; prints one row per tensor.",
                "Exit code 0 when every tensor passes, 1 otherwise."})
final class GradcheckCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "conv3x3x4p1,bn,tanh,avgpool2,conv3x3x6,sigmoid,avgpool2,flatten,dropout0.25,dense8,bn,relu,dense3",
            description = "Model spec: mlp:<widths>, cnn, or a layer list (" + io.simdnn.nn.LayerSpec.GRAMMAR
                    + ") ending with dense<classes>. Default: ${DEFAULT-VALUE}.")
    String spec;

    @Option(names = "--input", split = ",", defaultValue = "1,8,8", description = "Sample shape, e.g. 1,8,8 or 20. Default: ${DEFAULT-VALUE}.")
    List<Integer> inputShape;

    @Option(names = "--classes", defaultValue = "3", description = "Classes (outputs of the last layer). Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--batch", defaultValue = "4", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--l2", defaultValue = "0.01", description = "L2 coefficient of the checked loss. Default: ${DEFAULT-VALUE}.")
    float l2;

    @Option(names = "--init", defaultValue = "he", description = "Weight initialization: he, lecun, xavier. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for weights, data, labels and sampled elements. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-elements", defaultValue = "200", description = "Elements checked per tensor, drawn at random (0 = all). Default: ${DEFAULT-VALUE}.")
    int maxElements;

    @Option(names = "--step", description = "Perturbation h (default 1e-2).")
    Double step;

    @Option(names = "--tolerance", description = "Largest acceptable relative error (default 1e-2).")
    Double tolerance;

    @Override
    public Integer call() {
        ModelSpec modelSpec = ModelSpec.parse(spec);
        int[] shape = inputShape.stream().mapToInt(Integer::intValue).toArray();
        GradientCheck.Settings defaults = GradientCheck.Settings.defaults();
        GradientCheck.Settings settings = new GradientCheck.Settings(step == null ? defaults.step() : step,
                tolerance == null ? defaults.tolerance() : tolerance, defaults.floor(), maxElements, seed);
        SplittableRandom random = new SplittableRandom(seed);
        try (Model model = new Model(modelSpec.layers(classes, Initializer.parse(init)), shape, batch)) {
            model.initialize(random);
            GradientCheck.jitterUnregularized(model, random);
            int[] batched = new int[shape.length + 1];
            batched[0] = batch;
            System.arraycopy(shape, 0, batched, 1, shape.length);
            Tensor input = model.allocate(batched);
            for (long i = 0; i < input.size(); i++) {
                Buffers.set(input.data(), i, (float) random.nextGaussian());
            }
            int[] labels = random.ints(batch, 0, classes).toArray();
            System.out.printf(Locale.ROOT, "simdnn: gradcheck of %s%n  %s%n  batch %d, input %s, %d classes, L2 %s, h %s, tolerance %s%n",
                    modelSpec, model.describe(), batch, Arrays.toString(shape), classes, l2, settings.step(), settings.tolerance());
            GradientCheck.Report report = GradientCheck.check(model, input, labels, new SoftmaxCrossEntropyLoss(l2), settings);
            System.out.print(report.table());
            long failed = report.tensors().stream().filter(r -> !r.passed()).count();
            System.out.println(failed == 0 ? "simdnn: gradients OK" : "simdnn: gradient check FAILED for " + failed + " tensor(s)");
            return failed == 0 ? 0 : 1;
        }
    }
}
