package io.simdnn.bench.benchmarks;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.Transpose;

/**
 * The child JVM the suite's core-type selection ({@code suite.OpenBlasCoreSelector}) starts once
 * per core type, with that {@code OPENBLAS_CORETYPE} in its environment (OpenBLAS reads it only
 * when it loads, so each candidate needs a fresh process; one whose kernels the CPU cannot run
 * dies here, not in the bench). Loads OpenBLAS, checks {@code cblas_sgemm} on the
 * {@link #CHECKED} sizes in all four transpose combinations against a double-precision
 * reference, then, if the core is the one asked for and the products are right, times
 * {@link #TIMED} on 1 thread for about {@link #TIMING_NANOS}. Prints its findings as properties
 * on stdout: {@code config}, {@code error} (largest error over its bound) and {@code gflops}.
 */
public final class OpenBlasProbe {
    /**
     * The checked sizes, MxNxK, each in the four transpose combinations: odd, none a multiple of a
     * register block or vector width, so every edge path runs. The first, 0.25 M multiply-adds,
     * takes the small-matrix kernels where a core has them (Skylake-X: up to 100^3); the second,
     * 5.4 M, the packed kernels the timed product runs, and its K of 613 exceeds the K panel of
     * the Haswell, Zen and Skylake-X blockings (256-448), so they also accumulate into C.
     */
    static final List<GemmShape> CHECKED = List.of(GemmShape.parse("67x45x83"), GemmShape.parse("131x67x613"));
    /** The headline shape of the report: large enough for the kernels' steady state, 21 ms at 100 GFLOP/s. */
    static final GemmShape TIMED = GemmShape.parse("1024x1024x1024:NN");
    static final long TIMING_NANOS = 1_000_000_000L;
    private static final int WARMUP_CALLS = 3;

    private OpenBlasProbe() {}

    public static void main(String[] args) throws IOException {
        OpenBlas blas = OpenBlas.load().orElse(null);
        if (blas == null) {
            System.err.println(OpenBlas.ABSENT_MESSAGE);
            System.exit(3);
        }
        try {
            probe(blas);
        } catch (RuntimeException e) {
            System.err.println(e); // the last line of stderr is what the parent reports
            System.exit(4);
        }
    }

    private static void probe(OpenBlas blas) throws IOException {
        blas.setThreads(1);
        String config = blas.config();
        double error = errorOverBound(blas);
        Properties found = new Properties();
        found.setProperty("config", config);
        found.setProperty("error", Double.toString(error));
        if (CoreProbe.problem(Optional.ofNullable(System.getenv(OpenBlasCore.CORETYPE_VARIABLE)), config, error).isEmpty()) {
            found.setProperty("gflops", Double.toString(gflops(blas)));
        }
        found.store(System.out, null);
        System.out.flush();
    }

    /** The largest error over its bound of the {@link #CHECKED} products, in the four transpose combinations. */
    static double errorOverBound(OpenBlas blas) {
        SplittableRandom random = new SplittableRandom(15);
        double worst = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (GemmShape size : CHECKED) {
                for (Transpose ta : Transpose.values()) {
                    for (Transpose tb : Transpose.values()) {
                        GemmShape shape = new GemmShape(size.m(), size.n(), size.k(), ta, tb);
                        MemorySegment a = BenchData.uniform(arena, (long) shape.m() * shape.k(), random);
                        MemorySegment b = BenchData.uniform(arena, (long) shape.k() * shape.n(), random);
                        MemorySegment c = Buffers.allocate(arena, (long) shape.m() * shape.n());
                        c.fill((byte) 0x7f); // 3.4e38 everywhere: an element the kernel does not write shows
                        blas.sgemm(ta, tb, shape.m(), shape.n(), shape.k(), 1f, a, shape.lda(), b, shape.ldb(), 0f, c, shape.n());
                        worst = Math.max(worst, errorOverBound(shape, Buffers.toArray(a), Buffers.toArray(b), Buffers.toArray(c)));
                    }
                }
            }
        }
        return worst;
    }

    /**
     * The largest {@code |c - AB| / bound} over the elements of {@code c = op(A) op(B)}, row-major
     * and tight as {@link GemmShape} lays them out; NaN counts as infinitely wrong. The exact
     * product is computed in double (each float product is exact in double, and the 83 sums add at
     * most k x 2^-53 relative). The bound is the one for any float dot product of length k, in any
     * summation order, with or without FMA (Higham, Accuracy and Stability of Numerical
     * Algorithms, eq. 3.5): {@code gamma_k * sum_p |a_ip b_pj|}, {@code gamma_k = k u / (1 - k u)},
     * {@code u = 2^-24}: 4.9e-6 of the magnitudes at k = 83, 3.7e-5 at 613, while a wrong index, tail or transpose
     * is off by the size of the terms themselves.
     */
    static double errorOverBound(GemmShape shape, float[] a, float[] b, float[] c) {
        double u = Math.ulp(1f) / 2;
        double gamma = shape.k() * u / (1 - shape.k() * u);
        double worst = 0;
        for (int i = 0; i < shape.m(); i++) {
            for (int j = 0; j < shape.n(); j++) {
                double exact = 0;
                double magnitude = 0;
                for (int p = 0; p < shape.k(); p++) {
                    double term = (double) a[shape.transA().isTransposed() ? p * shape.lda() + i : i * shape.lda() + p]
                            * b[shape.transB().isTransposed() ? j * shape.ldb() + p : p * shape.ldb() + j];
                    exact += term;
                    magnitude += Math.abs(term);
                }
                double error = Math.abs(c[i * shape.n() + j] - exact);
                double ratio = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / (gamma * magnitude);
                worst = Math.max(worst, error == 0 ? 0 : ratio);
            }
        }
        return worst;
    }

    /**
     * GFLOP/s of {@link #TIMED} on 1 thread: a few calls to warm up (first-touch page faults,
     * OpenBLAS's buffers), then calls until {@link #TIMING_NANOS} have passed; the median call.
     * Median, not mean, so that a call disturbed by another process does not decide the ranking.
     */
    static double gflops(OpenBlas blas) {
        GemmShape s = TIMED;
        try (Arena arena = Arena.ofConfined()) {
            SplittableRandom random = new SplittableRandom(1);
            MemorySegment a = BenchData.uniform(arena, (long) s.m() * s.k(), random);
            MemorySegment b = BenchData.uniform(arena, (long) s.k() * s.n(), random);
            MemorySegment c = Buffers.allocate(arena, (long) s.m() * s.n());
            for (int i = 0; i < WARMUP_CALLS; i++) {
                blas.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, s.lda(), b, s.ldb(), 0f, c, s.n());
            }
            long[] nanos = new long[10_000];
            int calls = 0;
            long start = System.nanoTime();
            while (calls < 3 || (System.nanoTime() - start < TIMING_NANOS && calls < nanos.length)) {
                long t0 = System.nanoTime();
                blas.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, s.lda(), b, s.ldb(), 0f, c, s.n());
                nanos[calls++] = System.nanoTime() - t0;
            }
            long[] sorted = Arrays.copyOf(nanos, calls);
            Arrays.sort(sorted);
            return s.flops() / sorted[calls / 2];
        }
    }

    /** For the report: "67x45x83 and 131x67x613, 4 transposes each". */
    static String describeCheck() {
        return String.join(" and ", CHECKED.stream().map(OpenBlasProbe::size).toList()) + ", 4 transposes each";
    }

    /** For the report: "1024x1024x1024". */
    static String describeTiming() {
        return size(TIMED);
    }

    private static String size(GemmShape shape) {
        return String.format(Locale.ROOT, "%dx%dx%d", shape.m(), shape.n(), shape.k());
    }
}
