package io.simdnn.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS) // a lost wake-up must fail, not hang the build
class WorkersTest {
    private int savedParallelism;

    @BeforeEach
    void save() {
        savedParallelism = Workers.parallelism();
    }

    @AfterEach
    void restore() {
        Workers.setParallelism(savedParallelism);
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            Workers.setParallelism(threads);
            assertEquals(threads, Workers.parallelism());
            for (int count = 0; count <= 50; count++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(count + 1);
                Workers.parallelFor(count, runs::incrementAndGet);
                for (int i = 0; i < count; i++) {
                    assertEquals(1, runs.get(i), "threads " + threads + ", count " + count + ": index " + i);
                }
                assertEquals(0, runs.get(count), "index past count ran");
            }
        }
    }

    @Test
    void negativeCountRunsNothing() {
        Workers.setParallelism(2);
        Workers.parallelFor(-3, i -> {
            throw new AssertionError("ran index " + i);
        });
    }

    @Test
    void twoThreadsReallyRunConcurrently() throws InterruptedException {
        Workers.setParallelism(2);
        CountDownLatch bothArrived = new CountDownLatch(2);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        boolean[] met = new boolean[2];
        Workers.parallelFor(2, i -> {
            threads.add(Thread.currentThread());
            bothArrived.countDown();
            try {
                // each task waits for the other: only completes if they run at the same time
                met[i] = bothArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(met[0] && met[1], "tasks 0 and 1 did not run concurrently with parallelism 2");
        assertEquals(2, threads.size());
        assertTrue(threads.contains(Thread.currentThread()), "the caller takes part");
    }

    @Test
    void exceptionsPropagateAndThePoolKeepsWorking() {
        for (int threads = 1; threads <= 2; threads++) {
            Workers.setParallelism(threads);
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> Workers.parallelFor(20, i -> {
                        if (i == 13) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown);
            AssertionError error = assertThrows(AssertionError.class,
                    () -> Workers.parallelFor(20, i -> {
                        if (i == 0) {
                            throw new AssertionError("error " + i);
                        }
                    }));
            assertEquals("error 0", error.getMessage());
            AtomicIntegerArray runs = new AtomicIntegerArray(30);
            Workers.parallelFor(30, runs::incrementAndGet);
            for (int i = 0; i < 30; i++) {
                assertEquals(1, runs.get(i), "after a failure, index " + i);
            }
        }
    }

    @Test
    void nestedCallsRunEveryIndex() {
        Workers.setParallelism(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(7 * 11);
        Workers.parallelFor(7, outer -> Workers.parallelFor(11, inner -> runs.incrementAndGet(outer * 11 + inner)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "nested index " + i);
        }
    }

    /**
     * The pool reuses its call state: a worker that wakes late must never run a finished call's
     * task on the next call's indices. Back-to-back calls of different sizes, each writing its own
     * call number, catch any index run twice, skipped, or run by the wrong task.
     */
    @Test
    void backToBackCallsNeverMixTasks() {
        for (int threads = 2; threads <= 3; threads++) {
            Workers.setParallelism(threads);
            int[] owner = new int[200];
            for (int call = 1; call <= 3000; call++) {
                int count = 1 + (call * 37) % owner.length;
                int thisCall = call;
                java.util.Arrays.fill(owner, 0);
                Workers.parallelFor(count, i -> {
                    if (owner[i] != 0) {
                        throw new AssertionError("index " + i + " ran twice in call " + thisCall);
                    }
                    owner[i] = thisCall;
                });
                for (int i = 0; i < owner.length; i++) {
                    assertEquals(i < count ? call : 0, owner[i], "threads " + threads + ", call " + call + ", index " + i);
                }
            }
        }
    }

    /**
     * Lowering the parallelism parks the surplus workers instead of retiring them: back at the
     * larger count, the same threads run the tasks (their per-thread workspaces stay warm).
     */
    @Test
    void switchingBackReusesTheSameWorkers() {
        Workers.setParallelism(3);
        Set<Thread> first = workerThreadsOfOneCall(3);
        Workers.setParallelism(1);
        assertEquals(Set.of(Thread.currentThread()), workerThreadsOfOneCall(1));
        Workers.setParallelism(2);
        Set<Thread> second = workerThreadsOfOneCall(2);
        Workers.setParallelism(3);
        Set<Thread> third = workerThreadsOfOneCall(3);
        assertEquals(first, third, "back at 3 threads, other threads ran the tasks");
        assertTrue(first.containsAll(second), "the 2-thread pool must use the 3-thread pool's first worker");
    }

    /** The threads that ran a call of {@code threads} tasks that each wait until all have started. */
    private static Set<Thread> workerThreadsOfOneCall(int threads) {
        CountDownLatch allArrived = new CountDownLatch(threads);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        Workers.parallelFor(threads, i -> {
            ran.add(Thread.currentThread());
            allArrived.countDown();
            try {
                assertTrue(allArrived.await(10, TimeUnit.SECONDS), "the tasks did not run concurrently");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(threads, ran.size());
        return ran;
    }

    @Test
    void parallelismBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workers.setParallelism(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Workers.setParallelism(-4));
        assertEquals(savedParallelism, Workers.parallelism(), "a rejected call must not change parallelism");
    }
}
