package io.simdnn.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.simdnn.nn.Model;
import io.simdnn.nn.data.DataLocator;
import io.simdnn.nn.data.DataSource;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./simdnn eval MODEL}: accuracy, per-class precision and recall of a saved model on a test
 * set, and optionally every test sample's prediction ({@code --predictions FILE}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a model.safetensors written by train on a test set.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (model.safetensors of a run).")
    Path modelFile;

    @Option(names = "--data", description = "Data directory: MNIST-style IDX files or CIFAR-10 binary batches (default: Fashion-MNIST).")
    Path dataDir;

    @Option(names = "--batch", defaultValue = "256", description = "Evaluation batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--predictions", paramLabel = "FILE", description = "Also write every test sample's prediction to FILE "
            + "as CSV: index, label, predicted, then one probability column per class.")
    Path predictionsFile;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        // a missing or unreadable model file fails at once, not after the test set is loaded
        try (var readable = Files.newByteChannel(modelFile)) {
            // opened and closed: Model.load reads it once the batch is known
        }
        DataSource source = DataLocator.resolve(dataDir);
        Dataset test = source.loadTest();
        // buffers for the batches there are: a --batch beyond the test set would only allocate more
        try (Model model = Model.load(modelFile, Math.min(batch, Math.max(1, test.count())))) {
            Evaluation evaluation = model.evaluate(test);
            if (!Double.isFinite(evaluation.loss())) {
                // non-finite weights or inputs: an accuracy from them is meaningless, not a result
                throw new IllegalStateException(modelFile + ": the loss on " + source + " is " + evaluation.loss()
                        + " (the model's outputs are not finite: its weights or the data hold NaN or infinity)");
            }
            System.out.printf(Locale.ROOT, "%s on %s: accuracy %.2f%%, loss %.4f (%d samples)%n",
                    model.spec().map(String::valueOf).orElseThrow(), source, 100 * evaluation.accuracy(), evaluation.loss(),
                    evaluation.total());
            List<String> classes = model.classNames();
            for (int c = 0; c < classes.size(); c++) {
                System.out.printf(Locale.ROOT, "  %-12s precision %.4f  recall %.4f%n", classes.get(c),
                        evaluation.precision(c), evaluation.recall(c));
            }
            if (predictionsFile != null) {
                PredictionsFile.write(predictionsFile, test.labels(), model.predictAll(test.features()));
                System.out.println("simdnn: predictions of " + test.count() + " samples in " + predictionsFile);
            }
        }
        return 0;
    }
}
