package io.simdnn.nn.train;

/** What one epoch measured: training loss (data + L2) and accuracy, validation loss and accuracy, speed. */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double learningRate, double seconds, double samplesPerSecond) {
    public String toJson() {
        return String.format(java.util.Locale.ROOT,
                "{\"epoch\":%d,\"train_loss\":%.6f,\"train_accuracy\":%.6f,\"val_loss\":%.6f,\"val_accuracy\":%.6f,"
                        + "\"lr\":%.6g,\"seconds\":%.3f,\"samples_per_second\":%.1f}",
                epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, seconds, samplesPerSecond);
    }
}
