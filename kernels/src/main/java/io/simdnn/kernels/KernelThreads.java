package io.simdnn.kernels;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread pool all kernels share.
 *
 * <p>Parallelism defaults to the number of available processors; the system property
 * {@code simdnn.threads} or {@link #setParallelism(int)} changes it. Kernels split their work into
 * independent tasks whose outputs do not overlap and whose arithmetic does not depend on which
 * thread runs them, so results are bit-identical for every thread count.
 *
 * <p>A parallel call is run by the calling thread plus {@code parallelism - 1} daemon workers
 * that claim task indices from a shared counter. Calls made from inside a task, or while another
 * thread holds the pool, run inline on the caller: correct and deterministic, just not parallel.
 * A parallel call allocates one small bookkeeping object; a call that runs inline allocates nothing.
 */
public final class KernelThreads {
    /** A unit of parallel work: runs task {@code index} of {@code count}. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    /** How long an idle thread spins before parking: a few kernel calls' worth, 0.2 ms. */
    private static final long SPIN_NANOS = 200_000;

    private static final ReentrantLock POOL_LOCK = new ReentrantLock();
    private static final ThreadLocal<Boolean> INSIDE_TASK = ThreadLocal.withInitial(() -> false);
    private static volatile Pool pool = new Pool(initialParallelism());

    private KernelThreads() {}

    /** Current number of threads a kernel may use (including the caller). */
    public static int parallelism() {
        return pool.parallelism;
    }

    /**
     * Sets how many threads kernels use, including the calling thread. Waits for a running call
     * to finish; the old workers exit.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setParallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + threads);
        }
        POOL_LOCK.lock();
        try {
            if (threads != pool.parallelism) {
                pool.shutdown();
                pool = new Pool(threads);
            }
        } finally {
            POOL_LOCK.unlock();
        }
    }

    /**
     * Runs {@code task.run(i)} for every {@code i} in {@code [0, count)}, in parallel when the
     * pool is free, and returns when all have finished. An exception from any task is rethrown.
     */
    public static void parallelFor(int count, Task task) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || pool.parallelism == 1 || INSIDE_TASK.get() || !POOL_LOCK.tryLock()) {
            runInline(count, task);
            return;
        }
        try {
            pool.run(count, task);
        } finally {
            POOL_LOCK.unlock();
        }
    }

    /**
     * {@link #parallelFor} over data in {@code segments}, or on the calling thread alone when a
     * worker cannot access one of them (see {@link #workersCanAccess}); same results either way.
     */
    static void parallelForOn(int count, Task task, MemorySegment... segments) {
        if (workersCanAccess(segments)) {
            parallelFor(count, task);
        } else {
            runInline(count, task);
        }
    }

    /**
     * {@code true} when every segment can be read and written from the pool's worker threads. A
     * segment of a confined arena belongs to its owner thread alone; kernels given one run on the
     * calling thread only (same results, no parallel speed-up).
     */
    public static boolean workersCanAccess(MemorySegment... segments) {
        Thread worker = pool.anyWorker();
        if (worker == null) {
            return true;
        }
        for (MemorySegment segment : segments) {
            if (!segment.isAccessibleBy(worker)) {
                return false;
            }
        }
        return true;
    }

    private static void runInline(int count, Task task) {
        for (int i = 0; i < count; i++) {
            task.run(i);
        }
    }

    private static int initialParallelism() {
        String property = System.getProperty("simdnn.threads");
        if (property == null || property.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(property.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("system property simdnn.threads must be an integer >= 1, got '"
                + property + "'");
    }

    /**
     * One parallel call: its task, its index counter and its completion count. A fresh object per
     * call (a few dozen bytes) means a worker that wakes late can only ever see a finished call,
     * never claim indices of the next one.
     */
    private static final class Call {
        final Task task;
        final int count;
        /**
         * Indices claimed at once. Kernels split work into many small tasks (a pooling plane is
         * well under a microsecond); claiming them one by one made two threads fight over the
         * counter's cache line and run slower than one. About 8 claims per thread still balance.
         */
        final int grain;
        final Thread caller;
        final AtomicInteger nextIndex = new AtomicInteger();
        final AtomicInteger unfinished;
        volatile Throwable failure;

        Call(Task task, int count, int threads, Thread caller) {
            this.task = task;
            this.count = count;
            this.grain = Math.max(1, count / (8 * threads));
            this.caller = caller;
            this.unfinished = new AtomicInteger(count);
        }

        void claimTasks() {
            INSIDE_TASK.set(true);
            try {
                for (int start = nextIndex.getAndAdd(grain); start < count; start = nextIndex.getAndAdd(grain)) {
                    int end = Math.min(count, start + grain);
                    for (int i = start; i < end; i++) {
                        try {
                            task.run(i);
                        } catch (Throwable t) {
                            failure = t;
                        }
                    }
                    if (unfinished.addAndGet(start - end) == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            } finally {
                INSIDE_TASK.set(false);
            }
        }
    }

    /** Workers parked between calls; a call publishes itself and unparks them. */
    private static final class Pool {
        final int parallelism;
        private final Thread[] workers;
        private volatile Call current;
        private volatile boolean stopped;

        Pool(int parallelism) {
            this.parallelism = parallelism;
            this.workers = new Thread[parallelism - 1];
            for (int w = 0; w < workers.length; w++) {
                Thread worker = new Thread(this::workLoop, "simdnn-kernel-" + (w + 1));
                worker.setDaemon(true);
                workers[w] = worker;
                worker.start();
            }
        }

        Thread anyWorker() {
            return workers.length == 0 ? null : workers[0];
        }

        void run(int count, Task task) {
            Call call = new Call(task, count, parallelism, Thread.currentThread());
            current = call;
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
            call.claimTasks();
            // the last tasks usually finish within microseconds: spin before sleeping
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (call.unfinished.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            current = null;
            Throwable thrown = call.failure;
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            if (thrown != null) {
                throw new IllegalStateException(thrown);
            }
        }

        private void workLoop() {
            Call done = null;
            long idleSince = System.nanoTime();
            while (!stopped) {
                Call call = current;
                if (call == null || call == done) {
                    // Kernels are called back to back (a training step is dozens of them): a worker
                    // that spins briefly picks up the next call without the ~50 us wake-up of park.
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                    continue;
                }
                call.claimTasks();
                done = call;
                idleSince = System.nanoTime();
            }
        }

        void shutdown() {
            stopped = true;
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
        }
    }
}
