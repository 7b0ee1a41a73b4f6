package io.simdnn.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./simdnn sweep}: trains one run per point of a grid over hidden layers (and so depth),
 * learning rate and epochs, on data loaded and split once, printing a table of validation accuracies
 * as runs finish and keeping it as {@code sweep.md} and {@code sweep.csv} in {@code runs/sweep-<id>/},
 * next to each run's own directory.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train a grid of models and tabulate their validation accuracies.",
                "For example: ./simdnn sweep --hidden 256 --hidden 512,256 --lr 0.01,0.05 --epochs 5",
                "Every other option is as for train and applies to every run."})
final class SweepCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions options;

    @Option(names = "--model", defaultValue = "mlp", description = "Model for every run: mlp (the grid is over --hidden) or cnn. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "512,256",
            description = "Hidden layer sizes of one MLP (repeat the option for each shape to try; the number of sizes is the depth). Default: ${DEFAULT-VALUE}.")
    List<String> hiddenGrid;

    @Option(names = "--lr", split = ",", defaultValue = "0.05", description = "Learning rates to try. Default: ${DEFAULT-VALUE}.")
    List<Float> rates;

    @Option(names = "--epochs", split = ",", defaultValue = "10", description = "Epoch counts to try. Default: ${DEFAULT-VALUE}.")
    List<Integer> epochCounts;

    @Override
    public Integer call() throws Exception {
        options.applyThreads();
        List<TrainingConfig> grid;
        try {
            grid = grid();
        } catch (IllegalArgumentException e) { // options that contradict each other: a usage error, like a bad value
            throw new ParameterException(options.command.commandLine(), e.getMessage(), e);
        }
        RunDirectory.requireUsableParent(options.out);
        PreparedData data = PreparedData.load(grid.getFirst(), System.out);
        RunDirectory sweep = RunDirectory.createSweep(options.out);
        System.out.println("simdnn: sweep of " + grid.size() + " runs in " + sweep.path());
        SweepTable table = new SweepTable();
        List<String> finished = new ArrayList<>();
        for (TrainingConfig config : grid) {
            System.out.println("simdnn: run " + (table.size() + 1) + "/" + grid.size() + ": " + config.label());
            TrainingRun.Outcome outcome = new TrainingRun(config, data, System.out)
                    .start(RunDirectory.create(sweep.path(), config.shapeLabel(), config.rateAndEpochs()));
            finished.add(table.add(outcome));
            table.write(sweep.path());
            // the table so far, after the run's own output, so it is readable as the sweep goes
            System.out.println(SweepTable.markdownHeader());
            finished.forEach(System.out::println);
        }
        System.out.println("simdnn: best by validation accuracy: " + table.best());
        System.out.println("simdnn: table " + sweep.path().resolve(SweepTable.MARKDOWN_FILE) + " and "
                + sweep.path().resolve(SweepTable.CSV_FILE));
        return 0;
    }

    /** Every combination, hidden shapes outermost; all configurations are validated before any run starts. */
    List<TrainingConfig> grid() {
        if (options.validation == 0) {
            throw new IllegalArgumentException("a sweep ranks its runs by validation accuracy, and --validation 0 holds "
                    + "out nothing to rank them by: give --validation N (default 5000)");
        }
        if (!model.equals("mlp") && hiddenGrid.size() > 1) {
            throw new IllegalArgumentException("--hidden applies to --model mlp only; give it once (or not) with --model "
                    + model);
        }
        requireValues("--hidden", hiddenGrid);
        requireValues("--lr", rates);
        requireValues("--epochs", epochCounts);
        List<TrainingConfig> grid = new ArrayList<>();
        for (String sizes : hiddenGrid) {
            List<Integer> hidden = parseSizes(sizes);
            for (float rate : rates) {
                for (int epochs : epochCounts) {
                    grid.add(options.toConfig(model, hidden, rate, epochs));
                }
            }
        }
        return grid;
    }

    /** A list option such as {@code --lr ,} can parse to no values at all: the grid would be empty. */
    private static void requireValues(String option, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(option + ": no values given (expected a comma-separated list such as "
                    + (option.equals("--lr") ? "0.01,0.05" : option.equals("--epochs") ? "5,10" : "512,256") + ")");
        }
    }

    private static List<Integer> parseSizes(String sizes) {
        try {
            return Arrays.stream(sizes.split(",")).map(String::trim).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--hidden " + sizes + ": expected comma-separated layer sizes such as 512,256");
        }
    }
}
