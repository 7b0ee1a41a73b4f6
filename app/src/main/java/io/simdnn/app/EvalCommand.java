package io.simdnn.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.simdnn.nn.Model;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.DataLocator;
import io.simdnn.nn.data.DataSource;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.io.Checkpoint;
import io.simdnn.nn.layers.Initializer;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import io.simdnn.nn.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./simdnn eval CHECKPOINT}: accuracy, per-class precision and recall of a saved model on a test set. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a model.safetensors written by train on a test set.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The checkpoint (model.safetensors of a run).")
    Path checkpointFile;

    @Option(names = "--data", description = "Data directory: MNIST-style IDX files or CIFAR-10 binary batches (default: Fashion-MNIST).")
    Path dataDir;

    @Option(names = "--batch", defaultValue = "256", description = "Evaluation batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Override
    public Integer call() throws Exception {
        Checkpoint checkpoint = Checkpoint.read(checkpointFile);
        String architecture = require(checkpoint, "architecture");
        int[] inputShape = Arrays.stream(require(checkpoint, "input_shape").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> classes = List.of(require(checkpoint, "classes").split(","));
        DataSource source = DataLocator.resolve(dataDir);
        Dataset loaded = source.loadTest();
        if (!Arrays.equals(loaded.sampleShape(), inputShape) || loaded.classes() != classes.size()) {
            throw new IllegalArgumentException("the model takes samples of shape " + Arrays.toString(inputShape) + " in "
                    + classes.size() + " classes, " + source + " has " + Arrays.toString(loaded.sampleShape()) + " in "
                    + loaded.classes());
        }
        // the model's own class names (the data directory may not know them, e.g. a renamed IDX directory)
        Dataset test = new Dataset(loaded.name(), loaded.features(), loaded.labels(), loaded.sampleShape(), classes);
        Optional<ChannelStandardization> standardization;
        try {
            standardization = ChannelStandardization.fromMetadata(checkpoint.metadata());
        } catch (IllegalArgumentException e) {
            throw new Checkpoint.CorruptCheckpointException(checkpointFile, e.getMessage());
        }
        if (standardization.isPresent()) {
            // the model learned on standardized inputs: the training split's statistics, stored with it
            test = standardization.get().apply(test);
        }
        ModelSpec spec = ModelSpec.parse(architecture);
        Checkpoint named;
        try {
            // files of the mlp and cnn presets written before they had a flatten layer use the old layer numbers
            named = spec.withCurrentTensorNames(checkpoint);
        } catch (IllegalArgumentException e) {
            throw new Checkpoint.CorruptCheckpointException(checkpointFile, e.getMessage());
        }
        try (Model net = new Model(spec.layers(classes.size(), Initializer.HE), inputShape, batch)) {
            named.loadInto(net.stateDict(), net.integerBuffers(), checkpointFile);
            // the optimizer is never stepped; the trainer is only the batched evaluation loop
            Trainer trainer = new Trainer(net, new SoftmaxCrossEntropyLoss(0f), new SgdMomentum(1f, 0f, 1f, 0f),
                    new Trainer.Settings(1, batch, 0, 0));
            Evaluation evaluation = trainer.evaluate(test);
            System.out.printf(Locale.ROOT, "%s on %s: accuracy %.2f%%, loss %.4f (%d samples)%n", spec, source,
                    100 * evaluation.accuracy(), evaluation.loss(), evaluation.total());
            for (int c = 0; c < classes.size(); c++) {
                System.out.printf(Locale.ROOT, "  %-12s precision %.4f  recall %.4f%n", classes.get(c),
                        evaluation.precision(c), evaluation.recall(c));
            }
        }
        return 0;
    }

    private String require(Checkpoint checkpoint, String key) throws Checkpoint.CorruptCheckpointException {
        String value = checkpoint.metadata().get(key);
        if (value == null) {
            throw new Checkpoint.CorruptCheckpointException(checkpointFile, "metadata has no '" + key + "' (not written by simdnn train?)");
        }
        return value;
    }
}
