package io.simdnn.kernels.internal;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * <p>A parallel call is run by the calling thread plus {@code parallelism - 1} daemon workers;
 * each claims task indices from its own contiguous share first, then helps with the others'. Calls made from inside a task, or while another
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
    /**
     * Worker {@code w} runs share {@code w + 1} of every pool that large. Workers are never
     * retired: a thread's per-thread workspaces (GEMM panels, convolution scratch) stay warm when
     * the parallelism goes down and up again, so switching costs nothing but the next call's
     * wake-up. Grown under POOL_LOCK (or by the class initializer).
     */
    private static Thread[] workers = new Thread[0];
    /** The pool of each parallelism used so far (index = parallelism), reused on every switch back. */
    private static Pool[] pools = new Pool[0];
    private static volatile Pool pool = poolOf(initialParallelism());

    private Workers() {}

    /** Current number of threads a kernel may use (including the caller). */
    public static int parallelism() {
        return pool.parallelism;
    }

    /**
     * Sets how many threads kernels use, including the calling thread. Waits for a running call
     * to finish. Workers beyond the new count park until a larger parallelism is set again; they
     * keep their per-thread workspaces, so switching back and forth (a benchmark that alternates
     * 1 and 2 threads) allocates nothing after the first switch to each count.
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
                pool = poolOf(threads);
            }
        } finally {
            POOL_LOCK.unlock();
        }
    }

    /** The pool of {@code threads} threads, created with any missing workers on first use; under POOL_LOCK or in the class initializer. */
    private static Pool poolOf(int threads) {
        if (pools.length <= threads) {
            pools = Arrays.copyOf(pools, threads + 1);
        }
        if (pools[threads] == null) {
            int existing = workers.length;
            if (existing < threads - 1) {
                workers = Arrays.copyOf(workers, threads - 1);
                for (int w = existing; w < workers.length; w++) {
                    int share = w + 1;
                    workers[w] = new Thread(() -> workLoop(share), "simdnn-kernel-" + share);
                    workers[w].setDaemon(true);
                    workers[w].start(); // its loop starts once the class is initialized: it reads the pool
                }
            }
            pools[threads] = new Pool(threads, Arrays.copyOf(workers, threads - 1));
        }
        return pools[threads];
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
     * <p>Each thread owns a contiguous share of a call's indices: thread {@code t} (the caller is 0,
     * worker {@code w} is {@code w}) claims from {@code [t * count / P, (t + 1) * count / P)}
     * first, then takes what is left of the others' shares. Kernels cut their work in batch order
     * (samples, planes, rows), so a thread meets in each call the part of the batch it wrote in
     * the call before, still in its own caches. Were the shares to move between the cores from
     * call to call, every pass of a training step would read about half its input from the other
     * core's cache, which costs the small passes more than the second core gains them.
     *
     * <p>Workers take part in a call only through compare-and-set on a share's slot in
     * {@link #slots}, which holds the call's generation (high 32 bits) and the share's next
     * unclaimed index (low 32 bits). The caller closes every slot of a finished call (index
     * {@link #CLOSED}) with an atomic read-modify-write before it rewrites {@link #task},
     * {@link #count} and {@link #grain}, and publishes the next call by a new generation. So a
     * thread whose claim succeeds read those fields between two points at which the call was open:
     * they are that call's, even if it woke late and the caller has since moved on (its claim then
     * fails and it reads again).
     */
    private static final class Pool {
        /** Index value of a closed call: nothing to claim until the next generation. */
        private static final long CLOSED = 0xFFFF_FFFFL;
        /** Longs between two slots: 128 bytes, so that no two share a cache line or its prefetched pair. */
        private static final int SLOT_STRIDE = 16;

        final int parallelism;
        /** Workers 1 .. parallelism - 1 of {@link Workers#workers}: those this pool wakes. */
        private final Thread[] workers;

        private final AtomicLongArray slots;
        private long generation;
        private final AtomicInteger unfinished = new AtomicInteger();
        private Task task;
        private int count;
        /**
         * Indices claimed at once. Kernels split work into many small tasks (a pooling plane is
         * well under a microsecond); claiming them one by one makes the threads fight over the
         * slots' cache lines when they take from the same share. About 8 claims per thread still balance.
         */
        private int grain;
        private Thread caller;
        private volatile Throwable failure;

        Pool(int parallelism, Thread[] workers) {
            this.parallelism = parallelism;
            this.workers = workers;
            this.slots = new AtomicLongArray(parallelism * SLOT_STRIDE);
            for (int t = 0; t < parallelism; t++) {
                slots.set(t * SLOT_STRIDE, CLOSED);
            }
        }

        Thread anyWorker() {
            return workers.length == 0 ? null : workers[0];
        }

        /** The first index of thread {@code t}'s share of {@code total}; share t ends where share t + 1 begins. */
        private long shareStart(int t, int total) {
            return (long) t * total / parallelism;
        }

        /** Runs one call; the caller holds POOL_LOCK, so calls never overlap. */
        void run(int count, Task task) {
            long next = ++generation << 32;
            this.task = task;
            this.count = count;
            this.grain = Math.max(1, count / (8 * parallelism));
            this.caller = Thread.currentThread();
            failure = null;
            unfinished.set(count);
            for (int t = parallelism - 1; t >= 0; t--) { // publishes the fields above: each share opens at its start
                slots.set(t * SLOT_STRIDE, next | shareStart(t, count));
            }
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
            INSIDE_TASK.set(true);
            try {
                claimTasks(0);
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
            for (int t = 0; t < parallelism; t++) { // read-modify-writes: ordered after every successful claim
                slots.getAndSet(t * SLOT_STRIDE, next | CLOSED);
            }
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
         * Claims and runs chunks of the current call, its own share first, then the others' in
         * turn, until none is left; returns whether it ran any. Runs on the caller (share 0) and on
         * the workers, with INSIDE_TASK set.
         */
        boolean claimTasks(int own) {
            boolean ran = false;
            for (int k = 0; k < parallelism; k++) {
                int share = (own + k) % parallelism;
                int slot = share * SLOT_STRIDE;
                while (true) {
                    long claim = slots.get(slot);
                    if ((claim & CLOSED) == CLOSED) {
                        break;
                    }
                    int start = (int) claim;
                    Task claimedTask = task;
                    int total = count;
                    int step = grain;
                    Thread waiting = caller;
                    long end = Math.min(shareStart(share + 1, total), (long) start + step);
                    if (start >= end) {
                        break;
                    }
                    if (!slots.compareAndSet(slot, claim, claim - start + end)) {
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
                    if (unfinished.addAndGet(start - (int) end) == 0) {
                        LockSupport.unpark(waiting);
                    }
                }
            }
            return ran;
        }
    }

    /**
     * Worker {@code share}'s life: claims tasks of the current pool's calls while that pool has a
     * share for it; otherwise, and between calls, spins briefly, then parks until a call wakes it.
     * A worker still inside the previous pool's {@code claimTasks} after a switch finds its slots
     * closed (every call closes them before returning) and comes back here to read the new pool.
     */
    private static void workLoop(int share) {
        INSIDE_TASK.set(true); // a kernel called from a task runs inline
        long idleSince = System.nanoTime();
        while (true) {
            Pool current = pool;
            if (share < current.parallelism && current.claimTasks(share)) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < Tuning.WORKER_SPIN_NANOS) {
                // Kernels are called back to back (a training step is dozens of them): a worker
                // that spins briefly picks up the next call without the ~50 us wake-up of park.
                Thread.onSpinWait();
            } else {
                LockSupport.park(Workers.class);
            }
        }
    }
}
