package io.simdnn.app;

import io.simdnn.app.report.EpochLog;
import io.simdnn.nn.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's directory and the files in it: {@code checkpoint.safetensors} (training state, after
 * every epoch), {@code epochs.jsonl}, and at the end {@code model.safetensors}, {@code metrics.json},
 * {@code report.html} and its plots.
 */
record RunDirectory(Path path) {
    static final String MODEL_FILE = "model.safetensors";

    /**
     * Creates {@code parent/<date-time>-<name>}, adding {@code -2}, {@code -3}, ... if that exists
     * (runs of a sweep start within the same second). Creating, not checking, makes it safe when
     * two processes start at once.
     */
    static RunDirectory create(Path parent, String name) throws IOException {
        return createUnique(parent, now() + "-" + name);
    }

    /** Creates {@code parent/sweep-<date-time>} for a sweep's table and runs, suffixed like {@link #create}. */
    static RunDirectory createSweep(Path parent) throws IOException {
        return createUnique(parent, "sweep-" + now());
    }

    private static String now() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    private static RunDirectory createUnique(Path parent, String base) throws IOException {
        Files.createDirectories(parent);
        for (int attempt = 1; ; attempt++) {
            Path candidate = parent.resolve(attempt == 1 ? base : base + "-" + attempt);
            try {
                return new RunDirectory(Files.createDirectory(candidate));
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
    }

    /**
     * The run directory of a {@code --resume} argument: a run directory, or the checkpoint file in one.
     */
    static RunDirectory ofResumeArgument(Path argument) throws IOException {
        if (Files.isDirectory(argument)) {
            RunDirectory run = new RunDirectory(argument);
            if (!Files.isRegularFile(run.checkpoint())) {
                throw new IOException(argument + " has no " + TrainingCheckpoint.FILE_NAME + " to resume from");
            }
            return run;
        }
        if (!Files.isRegularFile(argument)) {
            throw new IOException("--resume " + argument + ": no such run directory or checkpoint file");
        }
        Path parent = argument.toAbsolutePath().getParent();
        if (!argument.getFileName().toString().equals(TrainingCheckpoint.FILE_NAME)) {
            throw new IOException("--resume " + argument + ": expected a run directory or its "
                    + TrainingCheckpoint.FILE_NAME + " (a model.safetensors holds no optimizer state)");
        }
        return new RunDirectory(parent);
    }

    Path checkpoint() {
        return path.resolve(TrainingCheckpoint.FILE_NAME);
    }

    Path epochLog() {
        return path.resolve(EpochLog.FILE_NAME);
    }

    Path model() {
        return path.resolve(MODEL_FILE);
    }
}
