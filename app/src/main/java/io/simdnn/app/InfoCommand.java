package io.simdnn.app;

import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.VectorSupport;
import io.simdnn.kernels.gemm.GemmBlocking;
import picocli.CommandLine.Command;

/** {@code ./simdnn info}: what this JVM and machine give simdnn. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show vector width, threads, JDK and whether the SIMD path is active.")
final class InfoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("JDK:        " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("CPU cores:  " + Runtime.getRuntime().availableProcessors());
        System.out.println("kernels:    " + VectorSupport.describe());
        System.out.println("threads:    " + KernelThreads.parallelism() + " (set with --threads or -Dsimdnn.threads)");
        System.out.println("GEMM tiles: " + GemmBlocking.DEFAULT);
    }
}
