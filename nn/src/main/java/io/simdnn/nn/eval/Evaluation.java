package io.simdnn.nn.eval;

import java.util.List;

/**
 * Classification metrics from a confusion matrix {@code counts[true][predicted]}.
 * Precision of a class nobody predicted, or recall of a class absent from the data, is 0/0: it is
 * reported as NaN (written as null in JSON) rather than a made-up 0 or 1.
 *
 * @param loss       the mean data loss (cross-entropy, without any L2 penalty) over the samples
 * @param confusion  {@code confusion[t][p]}: samples of true class t predicted as p; C x C (not copied)
 * @param classNames the name of each class, by index
 */
public record Evaluation(double loss, long[][] confusion, List<String> classNames) {
    /**
     * Tallies predictions against labels.
     *
     * @param loss        the mean data loss over the samples
     * @param labels      the true class of each sample
     * @param predictions the predicted class of each sample, as many as labels
     * @param classNames  the name of each class; labels and predictions are below their count
     * @return the evaluation
     * @throws IllegalArgumentException if the counts of labels and predictions differ
     */
    public static Evaluation of(double loss, int[] labels, int[] predictions, List<String> classNames) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predictions.length + " predictions");
        }
        long[][] confusion = new long[classNames.size()][classNames.size()];
        for (int i = 0; i < labels.length; i++) {
            confusion[labels[i]][predictions[i]]++;
        }
        return new Evaluation(loss, confusion, classNames);
    }

    /**
     * The number of samples evaluated.
     *
     * @return the sum of the confusion matrix
     */
    public long total() {
        long total = 0;
        for (long[] row : confusion) {
            for (long count : row) {
                total += count;
            }
        }
        return total;
    }

    /**
     * The fraction of samples predicted correctly.
     *
     * @return the trace of the confusion matrix over {@link #total()}; NaN for no samples
     */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return total() == 0 ? Double.NaN : correct / (double) total();
    }

    /**
     * Of the samples predicted as {@code c}, the fraction that are {@code c}.
     *
     * @param c a class index
     * @return the precision, NaN when nothing was predicted as {@code c}
     */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? Double.NaN : confusion[c][c] / (double) predicted;
    }

    /**
     * Of the samples of class {@code c}, the fraction predicted as {@code c}.
     *
     * @param c a class index
     * @return the recall, NaN when no sample is of class {@code c}
     */
    public double recall(int c) {
        long actual = 0;
        for (long count : confusion[c]) {
            actual += count;
        }
        return actual == 0 ? Double.NaN : confusion[c][c] / (double) actual;
    }
}
