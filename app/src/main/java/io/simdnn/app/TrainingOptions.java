package io.simdnn.app;

import java.nio.file.Path;
import java.util.List;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.nn.data.TrainValidationSplit;
import io.simdnn.nn.train.Monitor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code train} and {@code sweep} share: everything except the model, its hidden
 * layers, the learning rate and epochs, which {@code sweep} takes as lists (and whose defaults
 * differ: a sweep explores MLP shapes). Other defaults are those of {@code ./simdnn train}.
 */
final class TrainingOptions {
    @Option(names = "--batch", defaultValue = "64", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (classical momentum), averaged, nesterov or adam. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--schedule", defaultValue = "cosine", description = "Learning-rate schedule: exponential (x --decay per epoch), cosine or constant. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum (0 = plain SGD). Default: ${DEFAULT-VALUE}.")
    float momentum;

    @Option(names = "--decay", defaultValue = "0.9", description = "Learning-rate factor per epoch. Default: ${DEFAULT-VALUE}.")
    float decay;

    @Option(names = "--l2", defaultValue = "0.0001", description = "L2 coefficient lambda in lambda*sum||W||^2. Default: ${DEFAULT-VALUE}.")
    float l2;

    @Option(names = "--init", defaultValue = "he", description = "Weight initialization: he, lecun, xavier. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for initialization, split and shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;

    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--threads", description = "Kernel threads (default: all cores; results are the same for any count; "
            + "at most 4 per core).")
    void threads(int count) {
        if (count < 1 || count > MachineLimits.maxThreads()) {
            throw new ParameterException(command.commandLine(), "--threads " + count + ": expected 1 to "
                    + MachineLimits.maxThreads() + " (4 per core on this machine with "
                    + Runtime.getRuntime().availableProcessors() + " cores)");
        }
        threads = count;
    }

    @Option(names = "--patience", defaultValue = "0", description = "Early stopping: epochs without improvement of the monitored value (0 = off; needs --validation above 0). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--monitor", defaultValue = "loss", description = "What early stopping and the kept best weights follow: the validation set's data loss (without the L2 penalty) or accuracy. Default: ${DEFAULT-VALUE}.")
    String monitor;

    @Option(names = "--validation", defaultValue = "5000", description = "Training samples held out for validation; 0 trains on all of them, without early stopping or best-epoch selection (the last epoch's weights are kept; --patience must be 0). Default: ${DEFAULT-VALUE}.")
    int validation;

    @Option(names = "--limit-train", description = "Use only this many training samples (quick runs).")
    Integer limitTrain;

    @Option(names = "--limit-test", description = "Evaluate on only this many test samples.")
    Integer limitTest;

    @Option(names = "--standardize", description = "Standardize each input channel to mean 0, deviation 1 (statistics from the training split; stored in the model for eval).")
    boolean standardize;

    @Option(names = "--augment", defaultValue = "auto", description = "Training-batch augmentation: flip (mirror each image left to right with probability 1/2, drawn from the seed), none, or auto (flip for convolutional models on Fashion-MNIST and CIFAR-10, whose classes keep their meaning in a mirror; none for dense-only models and for other data such as digits). Default: ${DEFAULT-VALUE}.")
    String augment;

    @Option(names = "--data", description = "Data directory: MNIST-style IDX files (raw or .gz) or CIFAR-10 binary batches, detected by name (default: Fashion-MNIST from /usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(names = "--out", defaultValue = "runs", description = "Directory for run directories. Default: ${DEFAULT-VALUE}.")
    Path out;

    /**
     * A configuration with these options and the given model, shape, rate and epochs.
     *
     * @throws ParameterException if a value is out of range or the options contradict each other:
     *                            a usage error (exit 2), like a malformed option
     */
    TrainingConfig toConfig(String model, List<Integer> hidden, float learningRate, int epochs) {
        try {
            return new TrainingConfig(model, hidden, epochs, batch, optimizer, schedule, learningRate, momentum, decay, l2, init,
                    seed, patience, Monitor.parse(monitor), validation,
                    limitTrain == null ? TrainValidationSplit.NO_LIMIT : limitTrain,
                    limitTest == null ? Integer.MAX_VALUE : limitTest, data, standardize,
                    augment);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    /** Sets the kernel thread count if {@code --threads} was given. */
    void applyThreads() {
        if (threads != null) {
            KernelThreads.setParallelism(threads);
        }
    }
}
