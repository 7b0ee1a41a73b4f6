package io.simdnn.nn.cli;

import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.SoftmaxCrossEntropy;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.nn.Model;
import io.simdnn.nn.ModelSpec;
import io.simdnn.nn.Tensor;
import io.simdnn.nn.data.DataLocator;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.MnistFormat;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.nn.io.Safetensors;
import io.simdnn.nn.report.RunReport;
import io.simdnn.nn.train.Batches;
import io.simdnn.nn.train.Initializer;
import io.simdnn.nn.train.Adam;
import io.simdnn.nn.train.LearningRateSchedule;
import io.simdnn.nn.train.Optimizer;
import io.simdnn.nn.train.SgdMomentum;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import io.simdnn.nn.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./simdnn train}: trains a model on an MNIST-family data set and writes its report. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model (default: MLP 784-512-256-10 on Fashion-MNIST) and write its report under runs/."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "Model: mlp (dense layers with ReLU, see --hidden), cnn "
            + "(conv 5x5 16 pad 2, ReLU, maxpool 2; conv 5x5 32 pad 2, ReLU, maxpool 2; dense), or a layer list ending with "
            + "dense<classes>, e.g. conv5x5x16p2,relu,maxpool2,flatten,dropout0.25,dense128,bn,relu,dense10 (tokens: "
            + io.simdnn.nn.LayerSpec.GRAMMAR + "). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--hidden", split = ",", defaultValue = "512,256", description = "Hidden layer sizes of the MLP. Default: ${DEFAULT-VALUE}.")
    List<Integer> hidden;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (classical momentum), averaged, nesterov or adam. Default: ${DEFAULT-VALUE}.")
    String optimizerName;

    @Option(names = "--schedule", defaultValue = "exponential", description = "Learning-rate schedule: exponential (x --decay per epoch), cosine or constant. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--lr", defaultValue = "0.05", description = "Initial learning rate (use about 0.001 with adam). Default: ${DEFAULT-VALUE}.")
    float learningRate;

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

    @Option(names = "--threads", description = "Kernel threads (default: all cores).")
    Integer threads;

    @Option(names = "--patience", defaultValue = "3", description = "Early stopping: epochs without validation-loss improvement (0 = off). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--validation", defaultValue = "5000", description = "Training samples held out for validation. Default: ${DEFAULT-VALUE}.")
    int validationSize;

    @Option(names = "--limit-train", description = "Use only this many training samples (quick runs).")
    Integer limitTrain;

    @Option(names = "--limit-test", description = "Evaluate on only this many test samples.")
    Integer limitTest;

    @Option(names = "--data", description = "Directory with MNIST-style IDX files (default: Fashion-MNIST from /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--out", defaultValue = "runs", description = "Directory for run reports. Default: ${DEFAULT-VALUE}.")
    Path outDir;

    @Override
    public Integer call() throws Exception {
        ModelSpec spec = new ModelSpec(model, model.equals("mlp") ? hidden : List.of());
        if (threads != null) {
            KernelThreads.setParallelism(threads);
        }
        Path dir = DataLocator.resolve(dataDir);
        List<String> classes = dir.equals(MnistFormat.FASHION_MNIST_DIR) || dir.toString().contains("fashion")
                ? MnistFormat.FASHION_CLASSES : MnistFormat.DIGIT_CLASSES;
        System.out.println("simdnn: " + VectorSupport.describe() + ", " + KernelThreads.parallelism() + " threads");
        System.out.println("simdnn: loading " + dir);
        Dataset all = MnistFormat.loadTrain(dir, classes);
        Dataset test = MnistFormat.loadTest(dir, classes);
        if (limitTest != null) {
            test = test.slice(test.name(), 0, Math.min(limitTest, test.count()));
        }
        Dataset[] split = splitValidation(all);
        Dataset train = split[0], validation = split[1];
        System.out.printf(Locale.ROOT, "simdnn: %d training, %d validation, %d test samples%n", train.count(), validation.count(), test.count());

        try (Model net = new Model(spec.layers(all.classes(), Initializer.parse(init)), all.sampleShape(), batch)) {
            net.initialize(new SplittableRandom(seed));
            SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss(l2);
            Optimizer optimizer = optimizer();
            Trainer trainer = new Trainer(net, loss, optimizer, new Trainer.Settings(epochs, batch, seed, patience));
            System.out.println("simdnn: model " + net.describe() + ", " + optimizer.describe());

            long start = System.nanoTime();
            Trainer.Result result = trainer.fit(train, validation, new ProgressBar(System.out, epochs));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result.stoppedEarly()) {
                System.out.println("simdnn: stopped early; restored the weights of epoch " + result.bestEpoch());
            }
            Evaluation evaluation = trainer.evaluate(test);
            int[] predictions = predict(net, test);

            Path runDir = outDir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + model);
            Files.createDirectories(runDir);
            Map<String, String> settings = settings(net, optimizer, dir, train, validation, result, seconds);
            settings.put("architecture", spec.toString());
            settings.put("input_shape", java.util.Arrays.stream(all.sampleShape()).mapToObj(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")));
            settings.put("classes", String.join(",", all.classNames()));
            Safetensors.write(runDir.resolve("model.safetensors"), net.stateDict(), settings);
            RunReport.write(runDir, settings, result.epochs(), evaluation, net.params().getFirst(), test, predictions, seconds);
            System.out.printf(Locale.ROOT, "simdnn: test accuracy %.2f%% (loss %.4f) after %.1f s of training%n",
                    100 * evaluation.accuracy(), evaluation.loss(), seconds);
            System.out.println("simdnn: report " + runDir.resolve("report.html") + ", model " + runDir.resolve("model.safetensors"));
        }
        return 0;
    }

    private Optimizer optimizer() {
        LearningRateSchedule rates = new LearningRateSchedule(LearningRateSchedule.parseKind(schedule), learningRate, decay, epochs);
        return switch (optimizerName.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SgdMomentum(SgdMomentum.Variant.CLASSICAL, rates, momentum, l2);
            case "averaged" -> new SgdMomentum(SgdMomentum.Variant.AVERAGED, rates, momentum, l2);
            case "nesterov" -> new SgdMomentum(SgdMomentum.Variant.NESTEROV, rates, momentum, l2);
            case "adam" -> new Adam(rates, 0.9f, 0.999f, 1e-8f, l2);
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizerName + "' (sgd, averaged, nesterov, adam)");
        };
    }

    /** Holds out {@code validationSize} samples chosen by the seed; the rest (optionally limited) trains. */
    private Dataset[] splitValidation(Dataset all) {
        if (validationSize < 1 || validationSize >= all.count()) {
            throw new IllegalArgumentException("--validation must be between 1 and " + (all.count() - 1) + ", got " + validationSize);
        }
        int[] order = new int[all.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int trainCount = all.count() - validationSize;
        if (limitTrain != null) {
            trainCount = Math.min(trainCount, limitTrain);
        }
        int[] trainIndices = java.util.Arrays.copyOfRange(order, 0, trainCount);
        int[] validationIndices = java.util.Arrays.copyOfRange(order, all.count() - validationSize, all.count());
        return new Dataset[] {all.select("train", trainIndices), all.select("validation", validationIndices)};
    }

    private int[] predict(Model net, Dataset data) {
        Batches batches = new Batches(data, batch);
        Tensor input = net.allocate(batch, data.sampleSize());
        int[] labels = new int[batch];
        int[] predictions = new int[data.count()];
        int offset = 0;
        for (int b = 0; b < batches.count(); b++) {
            int size = batches.fill(b, input, labels);
            Tensor logits = net.forward(input.firstRows(size), false);
            SoftmaxCrossEntropy.predict(size, logits.rowLength(), logits.data(), 0, logits.rowLength(), predictions, offset);
            offset += size;
        }
        return predictions;
    }

    private Map<String, String> settings(Model net, Optimizer optimizer, Path dir, Dataset train, Dataset validation,
                                         Trainer.Result result, double seconds) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", net.describe());
        settings.put("optimizer", optimizer.describe());
        settings.put("epochs", epochs + " (best " + result.bestEpoch() + (result.stoppedEarly() ? ", stopped early" : "") + ")");
        settings.put("batch", Integer.toString(batch));
        settings.put("init", init);
        settings.put("seed", Long.toString(seed));
        settings.put("data", dir + " (" + train.count() + " train, " + validation.count() + " validation)");
        settings.put("threads", Integer.toString(KernelThreads.parallelism()));
        settings.put("kernels", VectorSupport.describe());
        settings.put("jdk", System.getProperty("java.runtime.version"));
        settings.put("train_seconds", String.format(Locale.ROOT, "%.1f", seconds));
        return settings;
    }
}
