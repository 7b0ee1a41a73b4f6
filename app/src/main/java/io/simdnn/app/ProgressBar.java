package io.simdnn.app;

import io.simdnn.nn.train.EpochStats;
import io.simdnn.nn.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One self-updating terminal line per epoch (bar, step, running loss, samples/s, ETA of the epoch),
 * replaced at the epoch's end by its summary line.
 */
final class ProgressBar implements Trainer.Listener {
    private static final int WIDTH = 30;
    /** Redraw at most five times a second: terminals are slow and the line is for people. */
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintStream out;
    private final int epochs;
    private long epochStart;
    private long lastDraw;

    ProgressBar(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond) {
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
        out.printf(Locale.ROOT, "\repoch %d/%d  train loss %.4f acc %.4f | val loss %.4f acc %.4f | lr %.4g | %.1f s, %.0f samples/s%s%n",
                s.epoch(), epochs, s.trainLoss(), s.trainAccuracy(), s.validationLoss(), s.validationAccuracy(),
                s.learningRate(), s.seconds(), s.samplesPerSecond(), " ".repeat(24));
    }
}
