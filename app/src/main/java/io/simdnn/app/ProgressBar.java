package io.simdnn.app;

import io.simdnn.nn.train.EpochStats;
import io.simdnn.nn.train.Trainer;
import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress. On a terminal: one self-updating line per epoch (bar, step, running loss,
 * samples/s, ETA of the epoch), redrawn with {@code \r} and replaced at the epoch's end by its
 * summary line. Anywhere else (a pipe, a file, a CI log): only the summary line of each epoch,
 * with no carriage returns, so a log holds one line per epoch instead of hundreds of redraws.
 */
final class ProgressBar implements Trainer.Listener {
    private static final int WIDTH = 30;
    /** Redraw at most five times a second: terminals are slow and the line is for people. */
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintStream out;
    private final int epochs;
    private final boolean terminal;
    private long epochStart;
    private long lastDraw;
    private boolean lineOpen;  // a bar is drawn and no newline ended it yet

    /**
     * A bar on {@code out} for a run of {@code epochs} epochs, drawn during epochs only when
     * {@code terminal} says {@code out} honours {@code \r}.
     */
    ProgressBar(PrintStream out, int epochs, boolean terminal) {
        this.out = out;
        this.epochs = epochs;
        this.terminal = terminal;
    }

    /** A bar on {@code out}, drawn only when {@code out} is standard output and that is a terminal. */
    static ProgressBar on(PrintStream out, int epochs) {
        Console console = System.console();
        return new ProgressBar(out, epochs, out == System.out
                && isTerminal(console != null && console.isTerminal(), System.getenv("TERM")));
    }

    /**
     * Whether to draw: the JVM's console must be a terminal (standard input and output both
     * attached to one; since JDK 22 {@code System.console()} exists even when output is redirected,
     * so its {@code isTerminal()} decides), and {@code TERM} must not say the terminal cannot move
     * the cursor ({@code dumb}, as in Emacs shells and some CI runners).
     */
    static boolean isTerminal(boolean consoleIsTerminal, String term) {
        return consoleIsTerminal && !"dumb".equals(term);
    }

    boolean drawsDuringEpochs() {
        return terminal;
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (batch == 0) {
            epochStart = now;
            lastDraw = now - REDRAW_NANOS; // always draw the first step of an epoch
        }
        if (batch + 1 < batches && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((batch + 1) * (long) WIDTH / batches);
        // from the batches after the first, which includes warm-up; the estimate settles within an epoch
        double secondsPerBatch = batch == 0 ? 0 : (now - epochStart) / 1e9 / batch;
        out.print(line(epoch, batch, batches, runningLoss, samplesPerSecond, secondsPerBatch * (batches - batch - 1), filled));
        out.flush();
        lineOpen = true;
    }

    String line(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond, double etaSeconds,
                       int filled) {
        return String.format(Locale.ROOT, "\repoch %d/%d [%s%s] step %d/%d  loss %.4f  %.0f samples/s  ETA %s ", epoch + 1, epochs,
                "=".repeat(filled), " ".repeat(WIDTH - filled), batch + 1, batches, runningLoss, samplesPerSecond,
                duration(etaSeconds));
    }

    /** {@code 42s}, {@code 3m05s} or {@code 1h02m}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    @Override
    public void epochDone(EpochStats s) {
        String validation = s.validated()
                ? String.format(Locale.ROOT, "val loss %.4f acc %.4f", s.validationLoss(), s.validationAccuracy())
                : "no validation";
        String penalty = s.l2Penalty() > 0 ? String.format(Locale.ROOT, " | L2 penalty %.4f", s.l2Penalty()) : "";
        String summary = String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.4f | %s%s | lr %.4g | %.1f s, %.0f samples/s",
                s.epoch(), epochs, s.trainLoss(), s.trainAccuracy(), validation, penalty, s.learningRate(), s.seconds(),
                s.samplesPerSecond());
        // on a terminal the summary overwrites the bar, padded to cover a bar that was longer
        out.println(terminal ? "\r" + summary + " ".repeat(24) : summary);
        lineOpen = false;
    }

    /**
     * Ends a bar left drawn by an epoch that did not finish (training failed), so what is printed
     * next, such as the failure's line, starts on a line of its own.
     */
    void endLine() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }
}
