package io.simdnn.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.nn.Model;
import io.simdnn.nn.eval.Evaluation;
import io.simdnn.app.report.EpochLog;
import io.simdnn.app.report.RunReport;
import io.simdnn.nn.train.Augmentation;
import io.simdnn.nn.train.EpochStats;
import io.simdnn.nn.train.JitWarmup;
import io.simdnn.nn.train.Optimizer;
import io.simdnn.nn.train.SoftmaxCrossEntropyLoss;
import io.simdnn.nn.train.Trainer;
import io.simdnn.nn.train.TrainingCheckpoint;
import io.simdnn.nn.train.TrainingDivergedException;
import io.simdnn.nn.train.TrainingState;

/**
 * One training run from prepared data to its directory: builds the model, trains it with a progress
 * bar, the epoch log and a checkpoint after every epoch, evaluates it on the test set, and writes
 * {@code model.safetensors} and the report. {@code train} runs one; {@code sweep} runs one per grid
 * point on the same data; {@code train --resume} continues one from its checkpoint.
 */
final class TrainingRun {
    /** What a run produced. */
    record Outcome(RunDirectory directory, TrainingConfig config, Trainer.Result result, Evaluation test, double seconds) {
        /** The statistics of the epoch whose weights the model kept. */
        EpochStats bestEpoch() {
            return result.epochs().get(result.bestEpoch() - 1);
        }
    }

    /** Run metadata key: training seconds of earlier sessions, so a resumed run reports the total. */
    private static final String ELAPSED_KEY = "elapsed_seconds";

    private final TrainingConfig config;
    private final PreparedData data;
    private final PrintStream out;
    private final List<Trainer.Listener> extraListeners = new ArrayList<>();

    TrainingRun(TrainingConfig config, PreparedData data, PrintStream out) {
        this.config = config.resolvedFor(data.train().classNames());
        this.data = data;
        this.out = out;
    }

    /** Adds a listener besides the progress bar and the epoch log (embedding, tests). */
    TrainingRun listener(Trainer.Listener listener) {
        extraListeners.add(listener);
        return this;
    }

    /** Trains a fresh model (initialized from the seed) in {@code directory}, holding its {@link RunLock}. */
    Outcome start(RunDirectory directory) throws IOException {
        try (RunLock lock = RunLock.acquire(directory); Model net = buildModel()) {
            return train(directory, net, TrainingState.initial(config.monitor()), 0);
        }
    }

    /**
     * Continues the run saved in {@code saved} (whose settings this run's config must be). The caller
     * holds the directory's {@link RunLock}, taken before it read the checkpoint.
     */
    Outcome resume(RunDirectory directory, TrainingCheckpoint.Saved saved) throws IOException {
        // the weights come from the checkpoint; the builder's initialization from the seed still
        // matters for state drawn from it that is not saved, such as dropout's mask seed
        try (Model net = buildModel()) {
            TrainingState state = saved.restoreInto(net);
            if (config.epochs() < state.epochsDone()) {
                throw new IllegalArgumentException("--epochs " + config.epochs() + " is fewer than the " + state.epochsDone()
                        + " epochs the run has already done");
            }
            double elapsed = Double.parseDouble(saved.runMetadata().getOrDefault(ELAPSED_KEY, "0"));
            out.printf(Locale.ROOT, "simdnn: resuming %s after epoch %d of %d%n", directory.path(), state.epochsDone(),
                    config.epochs());
            return train(directory, net, state, elapsed);
        }
    }

    private Model buildModel() {
        return buildModel(bufferBatch());
    }

    /**
     * The batch the buffers are sized for: {@code --batch}, or the largest split's size if that is
     * smaller. No batch can hold more samples than its split, and with a batch at least that size
     * every split is one batch either way, so the numbers are those of {@code --batch}.
     */
    private int bufferBatch() {
        int largest = Math.max(data.train().count(), data.test().count());
        if (data.validation() != null) {
            largest = Math.max(largest, data.validation().count());
        }
        return Math.min(config.batch(), Math.max(1, largest));
    }

    private Trainer.Settings trainerSettings() {
        Trainer.Settings configured = config.trainerSettings();
        return new Trainer.Settings(configured.epochs(), bufferBatch(), configured.seed(), configured.patience(),
                configured.monitor(), configured.augmentation());
    }

    /** The run's model for batches of up to {@code batch}, initialized from the seed, standardizing its inputs if the run does. */
    private Model buildModel(int batch) {
        return Model.builder(config.modelSpec()).forData(data.train()).initializer(config.initializer())
                .standardization(data.standardization()).seed(config.seed()).maxBatch(batch).build();
    }

    private Outcome train(RunDirectory directory, Model net, TrainingState from, double earlierSeconds) throws IOException {
        requireHeapForWeightCopies(net);
        Optimizer optimizer = config.newOptimizer();
        Trainer.Settings trainerSettings = trainerSettings();
        Trainer trainer = new Trainer(net, new SoftmaxCrossEntropyLoss(config.l2()), optimizer, trainerSettings);
        out.println("simdnn: " + VectorSupport.describe() + ", " + KernelThreads.parallelism() + " threads");
        out.println("simdnn: model " + net.describe() + ", " + optimizer.describe()
                + (trainerSettings.augmentation() == Augmentation.NONE ? "" : ", augmentation " + trainerSettings.augmentation()));
        Map<String, String> metadata = metadata(net);

        long start = System.nanoTime();
        JitWarmup.Summary warmup = JitWarmup.run(this::buildModel, bufferBatch(), data.train().sampleShape(), data.train().classes(),
                new SoftmaxCrossEntropyLoss(config.l2()), config.newOptimizer());
        out.printf(Locale.ROOT, "simdnn: JIT warm-up, %d steps on throwaway models: %.1f s%n",
                warmup.steps(), warmup.seconds());
        Trainer.EpochCheckpoint checkpoint = state -> {
            Map<String, String> withTime = new LinkedHashMap<>(metadata);
            withTime.put(ELAPSED_KEY, Double.toString(earlierSeconds + (System.nanoTime() - start) / 1e9));
            try {
                TrainingCheckpoint.write(directory.checkpoint(), net, state, withTime);
            } catch (IOException e) {
                // an I/O error such as a full disk says only "No space left on device": name the file
                throw new UncheckedIOException(new IOException("cannot write the checkpoint " + directory.checkpoint()
                        + ": " + FailureMessage.of(e), e));
            }
        };
        ProgressBar progress = ProgressBar.on(out, config.epochs());
        EpochLog epochLog = new EpochLog(directory.epochLog(), from.history());
        List<Trainer.Listener> listeners = new ArrayList<>();
        listeners.add(progress);
        listeners.add(epochLog);
        listeners.addAll(extraListeners);

        Trainer.Result result;
        try {
            result = trainer.fit(data.train(), data.validation(), Trainer.Listener.all(listeners), from, checkpoint);
        } catch (TrainingDivergedException e) {
            String kept = e.epoch() > 1
                    ? "the checkpoint of epoch " + (e.epoch() - 1) + " (" + directory.checkpoint() + ") is intact"
                    : "no checkpoint was written (it diverged in the first epoch)";
            epochLog.diverged(e.epoch(), e.getMessage());
            throw new TrainingDivergedException(e.epoch(), e.getMessage() + "; " + kept);
        } catch (UncheckedIOException e) {
            // the wrapper names the file ("cannot append to runs/x/epochs.jsonl"), the cause only the reason
            throw new IOException(FailureMessage.of(e), e.getCause());
        } finally {
            // a failure's line goes to stderr: it must not be appended to a half-drawn progress line
            progress.endLine();
        }
        double seconds = earlierSeconds + (System.nanoTime() - start) / 1e9;
        if (result.stoppedEarly()) {
            out.println("simdnn: stopped early; restored the weights of epoch " + result.bestEpoch());
        } else if (result.bestEpoch() != result.epochs().size()) {
            out.println("simdnn: restored the weights of epoch " + result.bestEpoch() + ", the best by validation " + config.monitor());
        }
        Evaluation evaluation = trainer.evaluate(data.test());
        int[] predictions = trainer.predict(data.test());
        double penalty = new SoftmaxCrossEntropyLoss(config.l2()).penalty(net.params());

        Map<String, String> settings = new LinkedHashMap<>(metadata);
        settings.put("epochs_run", result.epochs().size() + " (best " + result.bestEpoch()
                + (result.stoppedEarly() ? ", stopped early" : "") + ")");
        settings.put("train_seconds", String.format(Locale.ROOT, "%.1f", seconds));
        net.save(directory.model(), settings);
        RunReport.write(directory.path(), settings, result.epochs(), evaluation, penalty, net.params().getFirst(), data.test(),
                predictions, seconds);
        // the loss is the data loss, as eval reports it for this model file; the penalty is the kept weights'
        out.printf(Locale.ROOT, "simdnn: test accuracy %.2f%%, loss %.4f%s, after %.1f s of training%n",
                100 * evaluation.accuracy(), evaluation.loss(),
                config.l2() > 0 ? String.format(Locale.ROOT, " (L2 penalty %.4f not included)", penalty) : "", seconds);
        out.println("simdnn: report " + directory.path().resolve("report.html") + ", model " + directory.model());
        return new Outcome(directory, config, result, evaluation, seconds);
    }

    /**
     * Training copies the weights onto the heap: the best epoch's snapshot, and the checkpoint and
     * model writers' arrays. A model whose weights fit off-heap but whose copies do not fit the heap
     * is refused now rather than with an OutOfMemoryError after its first epoch.
     */
    private static void requireHeapForWeightCopies(Model net) {
        long weightBytes = net.stateDict().values().stream().mapToLong(t -> t.data().byteSize()).sum();
        long copies = 3;
        long heap = Runtime.getRuntime().maxMemory();
        if (weightBytes > heap / copies) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the model's weights take %d MB and training "
                    + "keeps %d copies of them on the heap, which has %d MB: use a smaller model (--hidden, --model) or give "
                    + "Java more heap (JAVA_TOOL_OPTIONS=-Xmx...)", weightBytes >> 20, copies, heap >> 20));
        }
    }

    /**
     * What the model file and checkpoint carry: readable settings for the report, what {@code eval}
     * needs to rebuild the model and its input (architecture, input shape, classes, standardization),
     * and the full configuration for {@code --resume}.
     */
    private Map<String, String> metadata(Model net) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", net.describe());
        m.put("optimizer", config.newOptimizer().describe());
        m.put("epochs", Integer.toString(config.epochs()));
        m.put("batch", Integer.toString(config.batch()));
        Augmentation augmentation = config.trainerSettings().augmentation();
        m.put("augmentation", augmentation == Augmentation.NONE ? augmentation.toString() : augmentation + " (training batches)");
        m.put("init", config.init());
        m.put("seed", Long.toString(config.seed()));
        m.put("monitor", config.validates() ? config.monitor() + " (patience " + config.patience() + ")"
                : "none: no validation, the last epoch is kept");
        m.put("data", data.source() + " (" + data.train().count() + " train, "
                + (data.validation() == null ? "no" : Integer.toString(data.validation().count())) + " validation)");
        m.put("threads", Integer.toString(KernelThreads.parallelism()));
        m.put("kernels", VectorSupport.describe());
        m.put("jdk", System.getProperty("java.runtime.version"));
        m.putAll(net.metadata());
        m.putAll(config.toMetadata());
        return m;
    }
}
