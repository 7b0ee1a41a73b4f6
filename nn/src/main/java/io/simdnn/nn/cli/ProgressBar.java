package io.simdnn.nn.cli;

import io.simdnn.nn.train.EpochStats;
import io.simdnn.nn.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;

/** One self-updating terminal line per epoch: bar, step, running loss, samples/s and ETA. */
final class ProgressBar implements Trainer.Listener {
    private static final int WIDTH = 30;
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
        }
        if (batch + 1 < batches && now - lastDraw < 200_000_000L) {
            return; // redraw at most five times a second
        }
        lastDraw = now;
        int filled = (int) ((batch + 1) * (long) WIDTH / batches);
        double secondsPerBatch = (now - epochStart) / 1e9 / Math.max(1, batch);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d  loss %.4f  %.0f samples/s  ETA %.0fs ", epoch + 1, epochs,
                "=".repeat(filled), " ".repeat(WIDTH - filled), batch + 1, batches, runningLoss, samplesPerSecond,
                secondsPerBatch * (batches - batch - 1));
        out.flush();
    }

    @Override
    public void epochDone(EpochStats s) {
        out.printf(Locale.ROOT, "\repoch %d/%d  train loss %.4f acc %.4f | val loss %.4f acc %.4f | lr %.4g | %.1f s, %.0f samples/s%s%n",
                s.epoch(), epochs, s.trainLoss(), s.trainAccuracy(), s.validationLoss(), s.validationAccuracy(),
                s.learningRate(), s.seconds(), s.samplesPerSecond(), " ".repeat(12));
    }
}
