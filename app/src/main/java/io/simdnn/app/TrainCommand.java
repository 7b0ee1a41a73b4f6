package io.simdnn.app;

import io.simdnn.nn.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./simdnn train}: trains a model and writes its run directory, or continues an interrupted
 * run with {@code --resume}. The work is done by {@link TrainingRun}; this class turns options into a
 * {@link TrainingConfig}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model (default: the cnn-fc128 CNN on Fashion-MNIST, 13 epochs, cosine schedule) and write its run directory under runs/:",
                "report.html, metrics.json, epochs.jsonl, model.safetensors and checkpoint.safetensors (for --resume)."})
final class TrainCommand implements Callable<Integer> {
    /** Options that may accompany --resume: they do not change the numbers, or (--epochs) extend the plan. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--threads", "--epochs", "--debug");

    @Mixin
    TrainingOptions options;

    @Option(names = "--model", defaultValue = "cnn-fc128", description = "Model: cnn-fc128 (conv 5x5 16 pad 2, ReLU, "
            + "maxpool 2; conv 5x5 32 pad 2, ReLU, maxpool 2; dropout 0.25, dense 128, ReLU; dense), cnn (the same without "
            + "dropout and the 128 layer), mlp (dense layers with ReLU, see --hidden), or a layer list ending with "
            + "dense<classes>, e.g. conv5x5x16p2,relu,maxpool2,flatten,dropout0.25,dense128,bn,relu,dense10 (tokens: "
            + io.simdnn.nn.LayerSpec.GRAMMAR + "). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--hidden", split = ",", defaultValue = "512,256", description = "Hidden layer sizes of the MLP. Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Option(names = "--epochs", defaultValue = "13", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.05", description = "Initial learning rate (use about 0.001 with adam). Default: ${DEFAULT-VALUE}.")
    float learningRate;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in directory RUN (or from RUN/checkpoint.safetensors) "
            + "with its stored settings; only --epochs and --threads may be given besides. Gives the same weights and metrics "
            + "as an uninterrupted run.")
    Path resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.applyThreads();
        if (resume != null) {
            return resume();
        }
        if (!model.equals("mlp") && spec.commandLine().getParseResult().hasMatchedOption("--hidden")) {
            throw new ParameterException(spec.commandLine(), "--hidden applies to --model mlp only; a layer list gives "
                    + "its own sizes (dense<N>), and --model " + model + " has none to set");
        }
        TrainingConfig config = options.toConfig(model, hidden, learningRate, epochs);
        RunDirectory.requireUsableParent(options.out);
        PreparedData data = PreparedData.load(config, System.out);
        RunDirectory directory = RunDirectory.create(options.out, config.shapeLabel());
        new TrainingRun(config, data, System.out).start(directory);
        return 0;
    }

    /** The run's settings from its checkpoint, a problem with them named with the checkpoint file. */
    private static TrainingConfig settingsOf(RunDirectory directory, TrainingCheckpoint.Saved saved) {
        try {
            return TrainingConfig.fromMetadata(saved.runMetadata());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(directory.checkpoint() + ": " + e.getMessage(), e);
        }
    }

    private int resume() throws Exception {
        for (OptionSpec matched : spec.commandLine().getParseResult().matchedOptions()) {
            if (!RESUME_OPTIONS.contains(matched.longestName())) {
                throw new IllegalArgumentException(matched.longestName() + " cannot be given with --resume: a resumed run "
                        + "keeps the settings stored in its checkpoint (only --epochs and --threads may change)");
            }
        }
        RunDirectory directory = RunDirectory.ofResumeArgument(resume);
        // locked before the checkpoint is read: a run still training in it would replace it meanwhile
        try (RunLock lock = RunLock.acquire(directory)) {
            TrainingCheckpoint.Saved saved = TrainingCheckpoint.read(directory.checkpoint());
            TrainingConfig config = settingsOf(directory, saved);
            if (spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
                config = config.withEpochs(epochs);
            }
            PreparedData data = PreparedData.load(config, System.out);
            new TrainingRun(config, data, System.out).resume(directory, saved);
        }
        return 0;
    }
}
