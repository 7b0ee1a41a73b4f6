package io.simdnn.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Decides once whether the Vector API fast path can be used.
 *
 * <p>Vector API code is only fast when C2 compiles it with intrinsics; interpreted, or without the
 * {@code jdk.incubator.vector} module, it is slower than plain scalar code or does not load at
 * all. So the kernels check at start-up and, if the fast path is unavailable, use the reference
 * kernels and log one warning naming the flag to add. The system property
 * {@code simdnn.vector=false} forces the reference path (for testing the fallback).
 */
public final class VectorSupport {
    /** The flag users must add to the {@code java} command for the fast path. */
    public static final String REQUIRED_FLAG = "--add-modules jdk.incubator.vector";

    private static final String DISABLED_REASON = detectDisabledReason();
    private static final boolean ENABLED = DISABLED_REASON == null;
    /** HotSpot's {@code UseAVX} on x86; -1 elsewhere. Unknown on x86 (not HotSpot): 2, the AVX2 every vector path here assumes. */
    private static final int X86_AVX_LEVEL = detectAvxLevel();

    static {
        if (!ENABLED) {
            System.getLogger("io.simdnn.kernels").log(System.Logger.Level.WARNING,
                    "simdnn: SIMD kernels disabled (" + DISABLED_REASON
                            + "); using the scalar reference kernels, which are much slower.");
        }
    }

    private VectorSupport() {}

    /**
     * Whether the Vector API kernels are in use.
     *
     * @return {@code true} when the SIMD path is on, {@code false} when kernels run their reference twins
     */
    public static boolean isEnabled() {
        return ENABLED;
    }

    /**
     * Why the fast path is off.
     *
     * @return the reason, or {@code null} when it is on
     */
    public static String disabledReason() {
        return DISABLED_REASON;
    }

    /**
     * Lanes of the preferred float vector.
     *
     * @return 8 on 256-bit vectors, 16 on 512-bit ones; 1 when the fast path is off
     */
    public static int floatLanes() {
        return ENABLED ? VectorLanes.FLOAT_LANES : 1;
    }

    /**
     * Bits of the preferred vector shape.
     *
     * @return {@code 32 * floatLanes()}: 32 when the fast path is off
     */
    public static int vectorBits() {
        return floatLanes() * Float.SIZE;
    }

    /**
     * Vector registers C2 can allocate: 32 on x86 with AVX-512 enabled (HotSpot's {@code UseAVX}
     * of 3, even when {@code -XX:MaxVectorSize=32} keeps vectors at 256 bits), 16 on AVX2-only x86;
     * 32 on other architectures (AArch64 NEON and SVE). Register tiles are sized from it.
     *
     * @return 16 or 32
     */
    public static int vectorRegisters() {
        return X86_AVX_LEVEL < 0 || X86_AVX_LEVEL >= 3 ? 32 : 16;
    }

    /**
     * Whether C2 compiles masked vector loads and stores ({@code fromMemorySegment} and
     * {@code intoMemorySegment} with a mask) to instructions: with AVX-512's mask registers. On
     * AVX2 they run the Vector API's Java fallback (5-10 ns per access where a whole vector takes
     * 0.4-1, measured on a Zen 3 core with JDK 25), so kernels handle partial vectors there with
     * scalar code. Conservatively {@code false} off x86.
     *
     * @return {@code true} on x86 with AVX-512 enabled
     */
    public static boolean hasMaskedMemoryAccess() {
        return X86_AVX_LEVEL >= 3;
    }

    private static int detectAvxLevel() {
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return -1;
        }
        try {
            return Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("UseAVX").getValue());
        } catch (LinkageError | RuntimeException e) {
            // not HotSpot, or jdk.management absent
            return 2;
        }
    }

    /**
     * One-line description for logs and {@code info} commands.
     *
     * @return e.g. {@code SIMD on: 512-bit vectors, 16 floats per vector, 32 vector registers}, or {@code SIMD off: } and the reason
     */
    public static String describe() {
        return ENABLED
                ? "SIMD on: " + vectorBits() + "-bit vectors, " + floatLanes() + " floats per vector, "
                        + vectorRegisters() + " vector registers"
                : "SIMD off: " + DISABLED_REASON;
    }

    private static String detectDisabledReason() {
        if ("false".equalsIgnoreCase(System.getProperty("simdnn.vector"))) {
            return "system property simdnn.vector=false";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not loaded; add " + REQUIRED_FLAG + " to the java command";
        }
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("interpreted")) {
            return "the JVM runs interpreted (-Xint); the C2 compiler is needed for Vector API intrinsics";
        }
        String tierLimit = c1OnlyFlag();
        if (tierLimit != null) {
            return "the C2 compiler is disabled (" + tierLimit + "); remove that flag";
        }
        return null;
    }

    /** The JVM flag that keeps C2 off, if the JVM was started with one. */
    private static String c1OnlyFlag() {
        try {
            for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (argument.startsWith("-XX:TieredStopAtLevel=") && !argument.endsWith("=4")) {
                    return argument;
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // java.management absent (a jlinked runtime): assume the default JIT configuration.
        }
        return null;
    }
}
