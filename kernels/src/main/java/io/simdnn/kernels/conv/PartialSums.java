package io.simdnn.kernels.conv;

/**
 * Partial sums that the tasks of a weight-gradient pass each write into a set of their own (task
 * t's set at {@code t * size}), added up in task order. Tasks are cut by the problem's shape, so
 * the additions and their order are the same for any thread count.
 */
final class PartialSums {
    private PartialSums() {}

    /** Adds sets 1 .. {@code sets - 1} of {@code size} floats each into set 0, in that order. */
    static void addIntoFirst(float[] sums, int sets, int size) {
        for (int set = 1; set < sets; set++) {
            int from = set * size;
            for (int i = 0; i < size; i++) {
                sums[i] += sums[from + i];
            }
        }
    }
}
