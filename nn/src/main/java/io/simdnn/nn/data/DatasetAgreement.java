package io.simdnn.nn.data;

import java.util.Arrays;

/**
 * The check that data sets meant for one model agree: a model trained on one sample shape and
 * class count cannot validate or test on another, and comparing them element by element would
 * silently score misaligned pixels. Called before training starts, so a mismatch costs no run.
 */
public final class DatasetAgreement {
    private DatasetAgreement() {}

    /**
     * Checks that {@code other} has the sample shape and the classes of {@code reference}.
     *
     * @param reference the data set the model is built for (the training set)
     * @param other     a data set the model will also see (validation or test)
     * @throws DataFormatException naming both data sets (their names are their files for loaded
     *         data) with both sample shapes, or both class counts, when they differ
     */
    public static void require(Dataset reference, Dataset other) throws DataFormatException {
        if (!Arrays.equals(reference.sampleShape(), other.sampleShape())) {
            throw new DataFormatException(other.name(), "samples of shape " + Arrays.toString(other.sampleShape())
                    + " do not match the " + Arrays.toString(reference.sampleShape()) + " of " + reference.name());
        }
        if (reference.classes() != other.classes()) {
            throw new DataFormatException(other.name(), other.classes() + " classes do not match the "
                    + reference.classes() + " of " + reference.name());
        }
    }
}
