package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Buffers, the shared thread pool and the fast-path detection. */
class FoundationTest {
    @Test
    void allocatedBuffersAreAlignedZeroedAndFreedWithTheirArena() {
        MemorySegment escaped;
        try (Arena arena = Arena.ofConfined()) {
            for (int count : new int[] {1, 3, 17, 1000}) {
                MemorySegment segment = Buffers.allocate(arena, count);
                assertEquals(0, segment.address() % Buffers.ALIGNMENT);
                assertEquals(count, Buffers.floatCount(segment));
                assertEquals(0f, Buffers.get(segment, count - 1));
            }
            escaped = Buffers.allocate(arena, 4);
        }
        assertThrows(IllegalStateException.class, () -> Buffers.get(escaped, 0));
        assertThrows(IllegalArgumentException.class, () -> Buffers.allocate(Arena.global(), -1));
    }

    @Test
    void wrappedArraysWriteThrough() {
        float[] values = {1, 2, 3};
        Buffers.set(Buffers.wrap(values), 1, 42f);
        assertEquals(42f, values[1]);
    }

    @Test
    void parallelForRunsEveryIndexExactlyOnce() {
        int original = KernelThreads.parallelism();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                KernelThreads.setParallelism(threads);
                for (int count = 0; count <= 50; count++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(count, 1));
                    KernelThreads.parallelFor(count, runs::incrementAndGet);
                    for (int i = 0; i < count; i++) {
                        assertEquals(1, runs.get(i), "index " + i + " of " + count + " with " + threads + " threads");
                    }
                }
            }
        } finally {
            KernelThreads.setParallelism(original);
        }
    }

    @Test
    void taskExceptionsReachTheCallerAndNestedCallsWork() {
        int original = KernelThreads.parallelism();
        try {
            KernelThreads.setParallelism(2);
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> KernelThreads.parallelFor(8, i -> {
                        if (i == 5) {
                            throw new IllegalStateException("task 5 failed");
                        }
                    }));
            assertEquals("task 5 failed", error.getMessage());
            AtomicIntegerArray inner = new AtomicIntegerArray(16);
            KernelThreads.parallelFor(4, outer -> KernelThreads.parallelFor(4, i -> inner.incrementAndGet(outer * 4 + i)));
            for (int i = 0; i < 16; i++) {
                assertEquals(1, inner.get(i));
            }
            assertThrows(IllegalArgumentException.class, () -> KernelThreads.setParallelism(0));
        } finally {
            KernelThreads.setParallelism(original);
        }
    }

    @Test
    void vectorFastPathIsOnWhenTheModuleIsAdded() {
        // surefire runs with --add-modules jdk.incubator.vector, as the README tells users to
        assertTrue(VectorSupport.isEnabled(), VectorSupport.describe());
        assertTrue(VectorSupport.floatLanes() >= 4, VectorSupport.describe());
        assertEquals(GemmMicroKernelShape.nr(), GemmBlocking.DEFAULT.nr());
    }
}
