package io.simdnn.bench.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import io.simdnn.kernels.Transpose;

/**
 * OpenBLAS's {@code cblas_sgemm}, called through the FFM API: the GEMM simdnn is measured against.
 * Loaded from Debian's {@code libopenblas-dev} ({@code libopenblas.so.0}); absent, {@link #load()}
 * is empty and {@link #ABSENT_MESSAGE} says what to install.
 */
public final class OpenBlas {
    public static final String ABSENT_MESSAGE =
            "OpenBLAS not found (libopenblas.so.0): install it with 'apt-get install libopenblas-dev'; OpenBLAS rows skipped";

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final Optional<OpenBlas> INSTANCE = bind();

    private final MethodHandle sgemm;
    private final MethodHandle setThreads;
    private final MethodHandle getConfig; // null when the build lacks openblas_get_config

    private OpenBlas(MethodHandle sgemm, MethodHandle setThreads, MethodHandle getConfig) {
        this.sgemm = sgemm;
        this.setThreads = setThreads;
        this.getConfig = getConfig;
    }

    /** The library, if it is installed. */
    public static Optional<OpenBlas> load() {
        return INSTANCE;
    }

    private static Optional<OpenBlas> bind() {
        for (String name : new String[] {"libopenblas.so.0", "libopenblas.so"}) {
            try {
                SymbolLookup library = SymbolLookup.libraryLookup(name, Arena.global());
                Linker linker = Linker.nativeLinker();
                MethodHandle sgemm = linker.downcallHandle(library.find("cblas_sgemm").orElseThrow(),
                        FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                                JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT),
                        Linker.Option.critical(false));
                MethodHandle threads = linker.downcallHandle(library.find("openblas_set_num_threads").orElseThrow(),
                        FunctionDescriptor.ofVoid(JAVA_INT));
                MethodHandle config = library.find("openblas_get_config")
                        .map(symbol -> linker.downcallHandle(symbol, FunctionDescriptor.of(ADDRESS)))
                        .orElse(null);
                return Optional.of(new OpenBlas(sgemm, threads, config));
            } catch (IllegalArgumentException | java.util.NoSuchElementException notThere) {
                // try the next name
            }
        }
        return Optional.empty();
    }

    /**
     * {@code openblas_get_config()}: version, target core and threading, e.g.
     * "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64"; "unknown version" when
     * the build does not export it.
     */
    public String config() {
        if (getConfig == null) {
            return "unknown version";
        }
        try {
            MemorySegment text = (MemorySegment) getConfig.invokeExact();
            return text.reinterpret(1024).getString(0).trim(); // a short C string owned by the library
        } catch (Throwable t) {
            return "unknown version (" + t + ")";
        }
    }

    /** Sets OpenBLAS's own thread count. */
    public void setThreads(int threads) {
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, row-major, on native segments whose first
     * element is the matrix's first element; same meaning as {@link io.simdnn.kernels.Gemm}.
     */
    public void sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
                      MemorySegment a, int lda, MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, transA.isTransposed() ? TRANS : NO_TRANS, transB.isTransposed() ? TRANS : NO_TRANS,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }
}
