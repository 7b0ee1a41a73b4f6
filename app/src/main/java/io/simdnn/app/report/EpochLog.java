package io.simdnn.app.report;

import com.google.gson.JsonObject;
import io.simdnn.nn.train.EpochStats;
import io.simdnn.nn.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The per-epoch log {@code epochs.jsonl}: one JSON object per line and epoch ({@link EpochStats#toJson}),
 * appended as each epoch ends, so it can be followed with {@code tail -f} and survives a crash
 * with complete lines.
 */
public final class EpochLog implements Trainer.Listener {
    /** The file name inside a run directory. */
    public static final String FILE_NAME = "epochs.jsonl";

    private final Path file;

    /**
     * Starts the log with the epochs a resumed run already has. The file is rewritten from them
     * (atomically), not appended to: an interrupted run may have logged an epoch after its last
     * checkpoint, which the resumed run trains again.
     */
    public EpochLog(Path file, List<EpochStats> earlier) throws IOException {
        this.file = file;
        StringBuilder lines = new StringBuilder();
        for (EpochStats stats : earlier) {
            lines.append(stats.toJson()).append('\n');
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".partial");
        Files.writeString(temporary, lines, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Ends the log with the epoch in which the run diverged and why, as
     * {@code {"diverged_epoch":3,"reason":"..."}}, so the log says the run did not finish. A log that
     * cannot be written does not hide the divergence: the failure is reported either way.
     *
     * @param epoch  the 1-based epoch that diverged
     * @param reason what the trainer said
     */
    public void diverged(int epoch, String reason) {
        JsonObject line = new JsonObject();
        line.addProperty("diverged_epoch", epoch);
        line.addProperty("reason", reason);
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the divergence itself is what the user must see; it is reported by the caller
        }
    }

    @Override
    public void epochDone(EpochStats stats) {
        try {
            Files.writeString(file, stats.toJson() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
