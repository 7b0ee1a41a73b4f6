package io.simdnn.kernels;

import io.simdnn.kernels.internal.Workers;

/**
 * How many threads the kernels use.
 *
 * <p>All kernels share one pool: the calling thread plus {@code parallelism - 1} daemon workers.
 * Parallelism defaults to the number of available processors; the system property
 * {@code simdnn.threads} or {@link #setParallelism(int)} changes it. Kernels split their work into
 * independent tasks whose outputs do not overlap and whose arithmetic does not depend on which
 * thread runs them, so results are bit-identical for every thread count. Kernels given segments of
 * a confined arena run on the calling thread alone (same results, no parallel speed-up).
 */
public final class KernelThreads {
    private KernelThreads() {}

    /**
     * The number of threads a kernel may use, including the caller.
     *
     * @return at least 1
     */
    public static int parallelism() {
        return Workers.parallelism();
    }

    /**
     * Sets how many threads kernels use, including the calling thread. Waits for a running call
     * to finish. Threads beyond the new count park (keeping their per-thread workspaces) until a
     * larger count is set again.
     *
     * @param threads the new parallelism, the calling thread included
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setParallelism(int threads) {
        Workers.setParallelism(threads);
    }
}
