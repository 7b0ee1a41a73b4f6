package io.simdnn.nn.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Holds out a seeded random subset of a training set for validation. The same seed always picks
 * the same samples, so a resumed run and every run of a sweep validate on the same data.
 *
 * @param train      the samples to train on, possibly limited in number
 * @param validation the held-out samples, or null when none are held out (a validation size of 0)
 */
public record TrainValidationSplit(Dataset train, Dataset validation) {
    /** No limit on the number of training samples. */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    /**
     * Shuffles the sample indices with a Fisher-Yates permutation drawn from {@code seed}; the last
     * {@code validationSize} become the validation set, the first ones (at most {@code limitTrain})
     * the training set. Limiting the training set does not change the validation set. With
     * {@code validationSize == 0} every sample may be trained on and the validation set is null.
     *
     * @param all            the training data to split
     * @param validationSize samples to hold out, in {@code [0, all.count())}
     * @param seed           seed of the permutation
     * @param limitTrain     at most this many training samples ({@link #NO_LIMIT}: all the rest)
     * @return the two splits, as new data sets
     * @throws IllegalArgumentException if a size is out of range
     */
    public static TrainValidationSplit split(Dataset all, int validationSize, long seed, int limitTrain) {
        if (validationSize < 0 || validationSize >= all.count()) {
            throw new IllegalArgumentException("the validation set must hold between 0 and " + (all.count() - 1)
                    + " of the " + all.count() + " training samples, got " + validationSize);
        }
        if (limitTrain < 1) {
            throw new IllegalArgumentException("the training-sample limit must be >= 1, got " + limitTrain);
        }
        int[] order = new int[all.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int trainCount = Math.min(all.count() - validationSize, limitTrain);
        int[] trainIndices = Arrays.copyOfRange(order, 0, trainCount);
        if (validationSize == 0) {
            return new TrainValidationSplit(all.select("train", trainIndices), null);
        }
        int[] validationIndices = Arrays.copyOfRange(order, all.count() - validationSize, all.count());
        return new TrainValidationSplit(all.select("train", trainIndices), all.select("validation", validationIndices));
    }
}
