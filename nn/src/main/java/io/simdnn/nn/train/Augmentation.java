package io.simdnn.nn.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How training batches vary the samples they copy, so that a model sees a slightly different
 * data set every epoch. Only training batches are augmented; validation, test and prediction see
 * the samples as stored.
 */
public enum Augmentation {
    /** The samples as stored. */
    NONE,
    /**
     * Each image mirrored left to right (along its last axis, every row and channel) with
     * probability 1/2, a coin drawn from the seed, the epoch and the sample's position in the
     * epoch's order, so that the same seed gives the same batches for any thread count and after
     * a resume. Suits data whose classes keep their meaning in a mirror (clothing, objects), not
     * text or digits. The training accuracy reported per epoch is then measured on these images.
     */
    FLIP;

    /**
     * The accepted names, for messages.
     *
     * @return {@code none, flip}
     */
    public static String names() {
        return Arrays.stream(values()).map(Augmentation::toString).collect(Collectors.joining(", "));
    }

    /**
     * The augmentation of a name, ignoring case and surrounding blanks.
     *
     * @param name {@code none} or {@code flip}
     * @return the augmentation
     * @throws IllegalArgumentException naming the accepted names, for any other
     */
    public static Augmentation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown augmentation '" + name + "' (" + names() + ")");
        }
    }

    /**
     * The name, as {@link #parse} reads it.
     *
     * @return {@code none} or {@code flip}
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
