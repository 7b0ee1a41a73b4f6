package io.simdnn.kernels.internal;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker threads all kernels share; the public face is {@code KernelThreads}.
 *
 * <p>Parallelism defaults to the number of available processors; the system property
 * {@code simdnn.threads} or {@link #setParallelism(int)} changes it. Kernels split their work into
 * independent tasks whose outputs do not overlap and whose arithmetic does not depend on which
 * thread runs them, so results are bit-identical for every thread count.
 *
 * <p>A parallel call is run by the calling thread plus {@code parallelism - 1} daemon workers
 * that claim task indices from a shared counter. Calls made from inside a task, or while another
 * thread holds the pool, run inline on the caller: correct and deterministic, just not parallel.
 * Neither a parallel nor an inline call allocates.
 */
public final class Workers {
    /** A unit of parallel work: runs task {@code index} of {@code count}. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }


    private static final ReentrantLock POOL_LOCK = new ReentrantLock();
    private static final ThreadLocal<Boolean> INSIDE_TASK = ThreadLocal.withInitial(() -> false);
    private static volatile Pool pool = new Pool(initialParallelism());

    private Workers() {}

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
     * {@link #parallelFor} over data in {@code a} and {@code b}, or on the calling thread alone
     * when a worker cannot access one of them (see {@link #workersCanAccess}); same results either
     * way. Overloads with fixed counts of segments, not varargs: a varargs call allocates its array
     * every time.
     */
    public static void parallelForOn(int count, Task task, MemorySegment a, MemorySegment b) {
        parallelForIf(workersCanAccess(a, b), count, task);
    }

    /** {@link #parallelForOn(int, Task, MemorySegment, MemorySegment)} over data in three segments. */
    public static void parallelForOn(int count, Task task, MemorySegment a, MemorySegment b, MemorySegment c) {
        parallelForIf(workersCanAccess(a, b, c), count, task);
    }

    /** {@link #parallelFor} when {@code parallel}, else every task on the calling thread. */
    public static void parallelForIf(boolean parallel, int count, Task task) {
        if (parallel) {
            parallelFor(count, task);
        } else {
            runInline(count, task);
        }
    }

    /**
     * {@code true} when the segment can be read and written from the pool's worker threads. A
     * segment of a confined arena belongs to its owner thread alone; kernels given one run on the
     * calling thread only (same results, no parallel speed-up).
     */
    public static boolean workersCanAccess(MemorySegment a) {
        Thread worker = pool.anyWorker();
        return worker == null || a.isAccessibleBy(worker);
    }

    /** {@link #workersCanAccess(MemorySegment)} for two segments. */
    public static boolean workersCanAccess(MemorySegment a, MemorySegment b) {
        return workersCanAccess(a) && workersCanAccess(b);
    }

    /** {@link #workersCanAccess(MemorySegment)} for three segments. */
    public static boolean workersCanAccess(MemorySegment a, MemorySegment b, MemorySegment c) {
        return workersCanAccess(a) && workersCanAccess(b) && workersCanAccess(c);
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
     * The pool's threads and the state of its current call. The call state lives in the pool and
     * is rewritten for every call, so a parallel call allocates nothing.
     *
     * <p>Workers take part in a call only through compare-and-set on {@link #claims}, which holds
     * the call's generation (high 32 bits) and its next unclaimed task index (low 32 bits). The
     * caller closes a finished call (index {@link #CLOSED}) with an atomic read-modify-write before
     * it rewrites {@link #task}, {@link #count} and {@link #grain}, and publishes the next call by
     * a new generation. So a worker whose claim succeeds read those fields between two points at
     * which the call was open: they are that call's, even if the worker woke late and the caller
     * has since moved on (its claim then fails and it reads again).
     */
    private static final class Pool {
        /** Index value of a closed call: nothing to claim until the next generation. */
        private static final long CLOSED = 0xFFFF_FFFFL;

        final int parallelism;
        private final Thread[] workers;
        private volatile boolean stopped;

        private final AtomicLong claims = new AtomicLong(CLOSED);
        private final AtomicInteger unfinished = new AtomicInteger();
        private Task task;
        private int count;
        /**
         * Indices claimed at once. Kernels split work into many small tasks (a pooling plane is
         * well under a microsecond); claiming them one by one makes two threads fight over the
         * counter's cache line and run slower than one. About 8 claims per thread still balance.
         */
        private int grain;
        private Thread caller;
        private volatile Throwable failure;

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

        /** Runs one call; the caller holds POOL_LOCK, so calls never overlap. */
        void run(int count, Task task) {
            long generation = (claims.get() >>> 32) + 1;
            this.task = task;
            this.count = count;
            this.grain = Math.max(1, count / (8 * parallelism));
            this.caller = Thread.currentThread();
            failure = null;
            unfinished.set(count);
            claims.set(generation << 32); // publishes the fields above: index 0 of the new generation
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
            INSIDE_TASK.set(true);
            try {
                claimTasks();
            } finally {
                INSIDE_TASK.set(false);
            }
            // the last tasks usually finish within microseconds: spin before sleeping
            long spinUntil = System.nanoTime() + Tuning.WORKER_SPIN_NANOS;
            while (unfinished.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            claims.getAndSet(generation << 32 | CLOSED); // read-modify-write: ordered after every successful claim
            this.task = null; // do not keep the kernel's buffers reachable
            Throwable thrown = failure;
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

        /**
         * Claims and runs chunks of the current call until none is left; returns whether it ran
         * any. Runs on the caller and on the workers, with INSIDE_TASK set.
         */
        private boolean claimTasks() {
            boolean ran = false;
            while (true) {
                long claim = claims.get();
                if ((claim & CLOSED) == CLOSED) {
                    return ran;
                }
                int start = (int) claim;
                Task claimedTask = task;
                int total = count;
                int step = grain;
                Thread waiting = caller;
                if (start >= total) {
                    return ran;
                }
                int end = (int) Math.min(total, (long) start + step);
                if (!claims.compareAndSet(claim, claim - start + end)) {
                    continue; // another thread claimed first, or the call closed: read again
                }
                ran = true;
                for (int i = start; i < end; i++) {
                    try {
                        claimedTask.run(i);
                    } catch (Throwable t) {
                        failure = t;
                    }
                }
                if (unfinished.addAndGet(start - end) == 0) {
                    LockSupport.unpark(waiting);
                }
            }
        }

        private void workLoop() {
            INSIDE_TASK.set(true); // a kernel called from a task runs inline
            long idleSince = System.nanoTime();
            while (!stopped) {
                if (claimTasks()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < Tuning.WORKER_SPIN_NANOS) {
                    // Kernels are called back to back (a training step is dozens of them): a worker
                    // that spins briefly picks up the next call without the ~50 us wake-up of park.
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
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
