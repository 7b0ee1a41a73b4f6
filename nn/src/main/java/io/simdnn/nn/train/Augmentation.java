package io.simdnn.nn.train;

import java.util.Locale;

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
     * probability 1/2, drawn per epoch and batch position from the seed, so that the same seed
     * gives the same batches for any thread count and after a resume. Suits data whose classes keep
     * their meaning in a mirror (clothing, objects), not text or digits.
     */
    FLIP;

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
            throw new IllegalArgumentException("unknown augmentation '" + name + "' (none, flip)");
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
