package io.simdnn.bench.benchmarks;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a cache line takes to go from one CPU to another and back: two threads pass a counter
 * back and forth. On a virtual machine it says where the host has put the two CPUs, which can
 * change while the machine runs: on this project's AMD EPYC machines 60-90 ns (one core complex,
 * one L3) and 430-480 ns (two complexes: a line written on one CPU reaches the other over the
 * fabric) were both seen within minutes of each other. Every 2-thread figure moves data between
 * the CPUs, so the report states the placement a run started with, and {@link ThreadScalingBenchmark}
 * reads it before each iteration.
 *
 * <p>An instance keeps its partner thread parked between readings, so that a reading allocates
 * nothing and an idle probe takes no CPU from what is being measured.
 */
public final class CoreRoundTrip implements AutoCloseable {
    private static final int ROUND_TRIPS = 20_000;
    private static final int REPEATS = 5;

    /** Even values: this side's turn; odd: the partner's. Reset to 0 before each pass. */
    private final AtomicLong ball = new AtomicLong();
    /** Passes asked for; the partner serves one pass per increment. */
    private final AtomicLong requested = new AtomicLong();
    private final long[] passNanos = new long[REPEATS];
    private final Thread partner;
    private volatile boolean closed;

    /** Starts the parked partner thread; {@link #close} ends it. */
    public CoreRoundTrip() {
        partner = new Thread(this::answer, "core-round-trip");
        partner.setDaemon(true);
        partner.start();
    }

    /** One reading with a probe of its own, in nanoseconds; empty with one CPU, where the threads would take turns. */
    public static OptionalLong measureNanos() {
        try (CoreRoundTrip probe = new CoreRoundTrip()) {
            long nanos = probe.measure();
            return nanos > 0 ? OptionalLong.of(nanos) : OptionalLong.empty();
        }
    }

    /** Median round trip over a few passes, in nanoseconds; 0 with one CPU. */
    public long measure() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return 0;
        }
        for (int r = 0; r < REPEATS; r++) {
            passNanos[r] = onePass();
        }
        Arrays.sort(passNanos);
        return passNanos[REPEATS / 2];
    }

    private long onePass() {
        long last = 2L * ROUND_TRIPS;
        ball.set(0);
        requested.incrementAndGet();
        LockSupport.unpark(partner);
        long start = System.nanoTime();
        for (long i = 0; i < last; i += 2) {
            while (ball.get() != i) {
                Thread.onSpinWait();
            }
            ball.set(i + 1);
        }
        while (ball.get() != last) {
            Thread.onSpinWait();
        }
        return (System.nanoTime() - start) / ROUND_TRIPS;
    }

    /** The partner: parked until a pass is asked for, then answers every odd value until the pass ends. */
    private void answer() {
        long served = 0;
        long last = 2L * ROUND_TRIPS;
        while (!closed) {
            if (requested.get() == served) {
                LockSupport.park(this);
                continue;
            }
            served++;
            for (long i = 1; i < last; i += 2) {
                while (ball.get() != i) {
                    Thread.onSpinWait();
                }
                ball.set(i + 1);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(partner);
        try {
            partner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
