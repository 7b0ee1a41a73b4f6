package io.simdnn.app;

import io.simdnn.app.report.EpochLog;
import io.simdnn.nn.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * A run's directory and the files in it: {@code checkpoint.safetensors} (training state, after
 * every epoch), {@code epochs.jsonl}, and at the end {@code model.safetensors}, {@code metrics.json},
 * {@code report.html} and its plots.
 */
record RunDirectory(Path path) {
    static final String MODEL_FILE = "model.safetensors";
    /** Longest model part of a directory name; a longer one is cut and ends with a hash of the whole. */
    static final int MAX_NAME_CHARS = 48;
    /** Hex digits of the hash that ends a shortened name. */
    private static final int HASH_CHARS = 8;

    /**
     * Creates {@code parent/<date-time>-<model>}, adding {@code -2}, {@code -3}, ... if that exists
     * (runs of a sweep start within the same second). Creating, not checking, makes it safe when
     * two processes start at once. {@code model} is made file-system friendly by {@link #fileName}.
     */
    static RunDirectory create(Path parent, String model) throws IOException {
        return create(parent, model, "");
    }

    /** As {@link #create(Path, String)}, with {@code -<detail>} after the model (a sweep's {@code lr0.05-e10}). */
    static RunDirectory create(Path parent, String model, String detail) throws IOException {
        return createUnique(parent, now() + "-" + fileName(model) + (detail.isEmpty() ? "" : "-" + fileName(detail)));
    }

    /**
     * {@code text} as a portable file name: letters, digits, {@code .}, {@code -} and {@code _}
     * only (anything else, commas, colons, slashes, blanks and control characters included, becomes
     * {@code _}, runs of it one), no leading or trailing punctuation (so never hidden, never
     * {@code ..}), and at most {@link #MAX_NAME_CHARS} characters: a longer name keeps its start
     * and ends with {@code -} and a hash of the whole text, so different specs stay apart. A spec
     * {@code conv5x5x16p2,relu,maxpool2} becomes {@code conv5x5x16p2_relu_maxpool2}.
     */
    static String fileName(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._-]+|[._-]+$", "");
        if (safe.isEmpty()) {
            safe = "model";
        }
        if (safe.length() <= MAX_NAME_CHARS) {
            return safe;
        }
        String start = safe.substring(0, MAX_NAME_CHARS - HASH_CHARS - 1).replaceAll("[._-]+$", "");
        return start + "-" + hash(text);
    }

    /** The first {@link #HASH_CHARS} hex digits of the SHA-256 of {@code text}. */
    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e); // every JDK must provide it
        }
    }

    /**
     * Checks, before any data is loaded, that run directories can be made in {@code parent} (the
     * {@code --out} option): it is created if missing, and must be a writable directory.
     *
     * @throws java.nio.file.FileSystemException naming {@code --out} and its path otherwise
     */
    static void requireUsableParent(Path parent) throws IOException {
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(parent.toString(), null, "--out is not a directory");
        }
        if (!Files.isWritable(parent)) {
            throw new AccessDeniedException(parent.toString(), null, "--out is not writable");
        }
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
