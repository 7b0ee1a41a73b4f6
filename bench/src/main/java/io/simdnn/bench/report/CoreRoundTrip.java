package io.simdnn.bench.report;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a cache line takes to go from one CPU to another and back: two threads pass a counter
 * back and forth. On a virtual machine it says where the host has put the two CPUs, which can
 * change while the machine runs: on this project's AMD EPYC machines 60-90 ns (one core complex,
 * one L3) and 430-480 ns (two complexes: a line written on one CPU reaches the other over the
 * fabric) were both seen within minutes of each other. Every 2-thread figure moves data between
 * the CPUs, so the report states the placement the run started with.
 */
final class CoreRoundTrip {
    private static final int ROUND_TRIPS = 20_000;
    private static final int REPEATS = 5;

    private CoreRoundTrip() {}

    /** Median over a few repeats, in nanoseconds; empty with one CPU, where the threads would take turns. */
    static OptionalLong measureNanos() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return OptionalLong.empty();
        }
        long[] nanos = new long[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            nanos[r] = onePass();
        }
        Arrays.sort(nanos);
        return OptionalLong.of(nanos[REPEATS / 2]);
    }

    /** The counter goes up by one per pass: even values for this thread to move on, odd for the other. */
    private static long onePass() {
        AtomicLong ball = new AtomicLong();
        long last = 2L * ROUND_TRIPS;
        Thread partner = new Thread(() -> {
            for (long i = 1; i < last; i += 2) {
                while (ball.get() != i) {
                    Thread.onSpinWait();
                }
                ball.set(i + 1);
            }
        }, "core-round-trip");
        partner.setDaemon(true);
        partner.start();
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
        long elapsed = System.nanoTime() - start;
        try {
            partner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return elapsed / ROUND_TRIPS;
    }
}
