package io.simdnn.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.simdnn.nn.Model;
import io.simdnn.nn.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./simdnn predict MODEL FILE|DIR...}: the most probable classes of each image, IDX image
 * or CIFAR-10 sample, by a saved model. Every input is read (and converted, see
 * {@link ImageSamples}) before anything is printed, so a bad input fails with one line and no
 * partial output.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify images, IDX image files and CIFAR-10 batches with a saved model: print the most probable "
                + "classes of each.",
                "Images (PNG, JPEG, GIF, BMP, TIFF) are converted to the model's channels (colour to grey for a 1-channel "
                + "model) and scaled to its size if their aspect ratio is the model's within 10%%; docs/cli.md has the rules."})
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file (model.safetensors of a run).")
    Path modelFile;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE|DIR", description = "Input files, or directories of them "
            + "(their images, *idx3* and *.bin files, sorted by name).")
    List<Path> inputs;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Classes to show per input, most probable "
            + "first (at most the model's classes). Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = PredictionFormat.Converter.class,
            description = "text (a line per input), csv (input,rank,class,index,probability) or json (an array). "
                    + "Default: ${DEFAULT-VALUE}.")
    PredictionFormat format;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, got " + top);
        }
        try (Model model = Model.load(modelFile)) {
            SampleReader reader = new SampleReader(model.inputShape());
            List<Samples> all = new ArrayList<>();
            for (Path file : InputFiles.expand(inputs)) {
                all.add(reader.read(file));
            }
            List<String> names = new ArrayList<>();
            List<Prediction> predictions = new ArrayList<>();
            for (Samples samples : all) {
                names.addAll(samples.names());
                predictions.addAll(model.predictAll(samples.values()));
            }
            format.write(System.out, names, predictions, top);
        }
        return 0;
    }
}
