package io.simdnn.bench.benchmarks;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's single-core FMA peak, measured in the same run as GEMM so "percent of peak" uses
 * this machine's real clock. An FMA has a latency of ~4 cycles and the core issues two 256-bit
 * (or one 512-bit) per cycle, so a single dependency chain would show 1/8 of peak: twelve
 * independent accumulators keep both pipes full. The species is a static final constant and the
 * vectors stay in locals: otherwise every FMA would box and the "peak" would measure allocation.
 * Each chain is the addend ({@code acc = m * s + acc}), as in the GEMM micro-kernel: that is the
 * one form x86's three-operand FMA computes in place. With the chain as a factor
 * ({@code acc * m + s}) C2 on AVX2 copies the addend into a fresh register before every FMA and
 * spills chains to the stack, and the "peak" came out at 56-68 GFLOP/s on a Zen 3 core that runs
 * 88-92 in C.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeakBenchmark {
    private static final int STEPS = 4096;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Float lanes per FMA in this JVM; recorded with a run's machine, for turning its score into flops. */
    public static final int LANES = SPECIES.length();

    public float x = 0.999f;
    public float y = 1e-7f;

    /** One operation = one vector FMA; {@link #gflops} turns the score into flops. */
    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public float fma() {
        return fmaChains(x, y, STEPS);
    }

    /** Independent FMA chains of {@link #fmaChains}: enough to cover the FMA latency on both pipes. */
    public static final int CHAINS = 12;

    /**
     * {@code steps} x {@link #CHAINS} vector FMAs ({@code steps * CHAINS * LANES * 2} flops) at the
     * core's peak rate; the result depends on every FMA so none is eliminated. Also the peak side
     * of {@link ConvBenchmark#interleaved}.
     */
    public static float fmaChains(float x, float y, int steps) {
        FloatVector m = FloatVector.broadcast(SPECIES, x);
        FloatVector s = FloatVector.broadcast(SPECIES, y);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 1f), a1 = a0.add(s), a2 = a1.add(s), a3 = a2.add(s);
        FloatVector a4 = a3.add(s), a5 = a4.add(s), a6 = a5.add(s), a7 = a6.add(s);
        FloatVector a8 = a7.add(s), a9 = a8.add(s), a10 = a9.add(s), a11 = a10.add(s);
        for (int i = 0; i < steps; i++) {
            a0 = m.fma(s, a0); a1 = m.fma(s, a1); a2 = m.fma(s, a2); a3 = m.fma(s, a3);
            a4 = m.fma(s, a4); a5 = m.fma(s, a5); a6 = m.fma(s, a6); a7 = m.fma(s, a7);
            a8 = m.fma(s, a8); a9 = m.fma(s, a9); a10 = m.fma(s, a10); a11 = m.fma(s, a11);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /**
     * GFLOP/s of one core from this benchmark's score in vector FMAs per nanosecond, for vectors of
     * {@code lanes} floats (an FMA is two flops per lane).
     */
    public static double gflops(double vectorFmasPerNanosecond, int lanes) {
        return vectorFmasPerNanosecond * lanes * 2;
    }
}
