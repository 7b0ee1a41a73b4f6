package io.simdnn.app;

import io.simdnn.nn.data.ChannelStandardization;
import io.simdnn.nn.data.DataLocator;
import io.simdnn.nn.data.DataSource;
import io.simdnn.nn.data.Dataset;
import io.simdnn.nn.data.DatasetAgreement;
import io.simdnn.nn.data.TrainValidationSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The three splits a run trains, validates and tests on, as loaded (pixels / 255), after the seeded
 * validation split and the optional limits, and the optional standardization fitted on the training
 * split. The splits are not standardized here: the model applies the standardization to its inputs
 * itself ({@link io.simdnn.nn.ModelBuilder#standardization}) and saves it. A sweep prepares the data
 * once for all its runs.
 *
 * @param validation      the held-out samples, or null with {@code --validation 0}
 * @param standardization the standardization the run's model applies, or null when it uses inputs as loaded
 */
record PreparedData(DataSource source, Dataset train, Dataset validation, Dataset test,
                    ChannelStandardization standardization) {
    /** Loads the data {@code config} names and prepares it, reporting sizes on {@code out}. */
    static PreparedData load(TrainingConfig config, PrintStream out) throws IOException {
        DataSource source = DataLocator.resolve(config.data());
        out.println("simdnn: loading " + source);
        Dataset all = source.loadTrain();
        Dataset test = source.loadTest();
        DatasetAgreement.require(all, test);
        if (config.limitTest() < test.count()) {
            test = test.slice(test.name(), 0, config.limitTest());
        }
        TrainValidationSplit split = TrainValidationSplit.split(all, config.validation(), config.seed(), config.limitTrain());
        Dataset train = split.train();
        Dataset validation = split.validation();
        ChannelStandardization standardization = null;
        if (config.standardize()) {
            standardization = ChannelStandardization.fit(train);
            out.println("simdnn: " + standardization);
        }
        if (validation != null) {
            out.printf(Locale.ROOT, "simdnn: %d training, %d validation, %d test samples%n", train.count(), validation.count(),
                    test.count());
        } else {
            out.printf(Locale.ROOT, "simdnn: %d training, %d test samples; --validation 0: no validation, so early stopping "
                    + "and best-epoch selection are off and the last epoch's weights are kept%n", train.count(), test.count());
        }
        return new PreparedData(source, train, validation, test, standardization);
    }
}
