package io.simdnn.app;

import com.sun.management.OperatingSystemMXBean;
import io.simdnn.nn.Model;
import java.lang.management.ManagementFactory;

/**
 * What the machine allows, checked before anything is allocated: the most kernel threads a
 * command may start, and the off-heap memory a model may take ({@link Model#OFF_HEAP_LIMIT_PROPERTY},
 * which the command line sets to three quarters of physical memory unless the user gave it).
 */
final class MachineLimits {
    /**
     * Threads beyond four per core only add switching (results are the same for any count), and
     * a count in the thousands exhausts the process's native threads: refuse it instead of trying.
     */
    static int maxThreads() {
        return Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    }

    private MachineLimits() {}

    /** Sets the default off-heap limit, 3/4 of physical memory, if the user did not choose one. */
    static void applyDefaultOffHeapLimit() {
        if (System.getProperty(Model.OFF_HEAP_LIMIT_PROPERTY) == null
                && ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                && os.getTotalMemorySize() > 0) {
            System.setProperty(Model.OFF_HEAP_LIMIT_PROPERTY, Long.toString((os.getTotalMemorySize() >> 20) / 4 * 3));
        }
    }
}
