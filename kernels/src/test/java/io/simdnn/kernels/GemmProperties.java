package io.simdnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdnn.kernels.reference.ReferenceGemm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Gemm against ReferenceGemm on fresh random problems: every shape class (0, 1, odd, multiples
 * and non-multiples of MR = 6, NR and the vector length), all transposes, alpha/beta including 0
 * and 1, offsets, padded leading dimensions. The whole C buffer is compared, so writes into the
 * row padding or past the end show up, and with beta == 0 C starts as NaN, so an unwritten or a
 * read-before-written element shows up too.
 */
class GemmProperties {
    /** A random GEMM problem: sizes, transposes, scalars, layout and a data seed. */
    record Problem(int m, int n, int k, Transpose transA, Transpose transB, float alpha, float beta,
                   int offset, int padding, long seed) {
        int aRows() { return transA.isTransposed() ? k : m; }
        int aCols() { return transA.isTransposed() ? m : k; }
        int bRows() { return transB.isTransposed() ? n : k; }
        int bCols() { return transB.isTransposed() ? k : n; }
        int lda() { return Math.max(1, aCols()) + padding; }
        int ldb() { return Math.max(1, bCols()) + padding; }
        int ldc() { return Math.max(1, n) + padding; }
    }

    @Provide
    Arbitrary<Problem> problems() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 1)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(5, 6, 7, 8, 15, 16, 17, 31, 32, 33, 48, 96, 97)),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(1, 300)));
        Arbitrary<Float> scalar = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0f)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(1f)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(-1f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.floats().between(-2f, 2f)));
        Arbitrary<Transpose> transpose = Arbitraries.of(Transpose.class);
        return Combinators.combine(size, size, size, transpose, transpose, scalar, scalar,
                        Arbitraries.integers().between(0, 7))
                .flatAs((m, n, k, ta, tb, alpha, beta, offset) -> Combinators.combine(
                                Arbitraries.integers().between(0, 5), Arbitraries.longs())
                        .as((padding, seed) -> new Problem(m, n, k, ta, tb, alpha, beta, offset, padding, seed)));
    }

    @Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
    void offHeapMatchesReference(@ForAll("problems") Problem problem) {
        try (Arena arena = Arena.ofConfined()) {
            Operands kernel = Operands.create(problem, arena);
            Operands reference = kernel.copy(arena);
            Gemm.sgemm(problem.transA(), problem.transB(), problem.m(), problem.n(), problem.k(), problem.alpha(),
                    kernel.a, problem.offset(), problem.lda(), kernel.b, problem.offset(), problem.ldb(),
                    problem.beta(), kernel.c, problem.offset(), problem.ldc());
            ReferenceGemm.sgemm(problem.transA(), problem.transB(), problem.m(), problem.n(), problem.k(), problem.alpha(),
                    reference.a, problem.offset(), problem.lda(), reference.b, problem.offset(), problem.ldb(),
                    problem.beta(), reference.c, problem.offset(), problem.ldc());
            assertClose(problem, kernel, Buffers.toArray(kernel.c), Buffers.toArray(reference.c));
        }
    }

    @Property(tries = 80, edgeCases = EdgeCasesMode.NONE)
    void arrayOverloadMatchesReference(@ForAll("problems") Problem problem) {
        try (Arena arena = Arena.ofConfined()) {
            Operands operands = Operands.create(problem, arena);
            float[] a = Buffers.toArray(operands.a);
            float[] b = Buffers.toArray(operands.b);
            float[] c = Buffers.toArray(operands.c);
            float[] expected = c.clone();
            int off = problem.offset();
            Gemm.sgemm(problem.transA(), problem.transB(), problem.m(), problem.n(), problem.k(), problem.alpha(),
                    a, off, problem.lda(), b, off, problem.ldb(), problem.beta(), c, off, problem.ldc());
            ReferenceGemm.sgemm(problem.transA(), problem.transB(), problem.m(), problem.n(), problem.k(), problem.alpha(),
                    a.clone(), off, problem.lda(), b.clone(), off, problem.ldb(), problem.beta(), expected, off, problem.ldc());
            assertClose(problem, operands, c, expected);
        }
    }

    /**
     * Float GEMM with K-long sums has forward error at most about K * u * sum_p |a_ip||b_pj|
     * (u = 2^-24, FMA or not, any summation order), scaled by |alpha|, plus rounding of the
     * beta * C term. The reference sums in double, so its own error is negligible. A factor 2 of
     * slack covers the final scaling and the conversion back to float.
     */
    private static void assertClose(Problem p, Operands operands, float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length);
        double u = Math.ulp(1f) / 2;
        long cStart = p.offset();
        for (int index = 0; index < actual.length; index++) {
            long relative = index - cStart;
            int row = relative >= 0 ? (int) (relative / p.ldc()) : -1;
            int col = relative >= 0 ? (int) (relative % p.ldc()) : -1;
            boolean inC = row >= 0 && row < p.m() && col < p.n();
            if (!inC) {
                // outside the M x N window (row padding, before the offset, after the end): untouched
                assertEquals(Float.floatToRawIntBits(expected[index]), Float.floatToRawIntBits(actual[index]),
                        "element " + index + " outside C was modified in " + p);
                continue;
            }
            assertTrue(Float.isFinite(actual[index]), "C[" + row + "][" + col + "] = " + actual[index] + " in " + p);
            double magnitude = Math.abs(p.alpha()) * operands.absoluteProductSum(p, row, col);
            double bound = 2 * (p.k() + 2) * u * (magnitude + Math.abs(p.beta() * operands.originalC(index)) + Math.abs(expected[index])) + 1e-30;
            double error = Math.abs((double) actual[index] - expected[index]);
            assertTrue(error <= bound, "C[" + row + "][" + col + "] = " + actual[index] + ", reference " + expected[index]
                    + ", error " + error + " > bound " + bound + " in " + p);
        }
    }

    /** The three buffers of a problem, filled from its seed; C is NaN-poisoned when beta == 0. */
    static final class Operands {
        final MemorySegment a;
        final MemorySegment b;
        final MemorySegment c;
        private final float[] originalC;
        private final float[] aValues;
        private final float[] bValues;

        private Operands(MemorySegment a, MemorySegment b, MemorySegment c) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.originalC = Buffers.toArray(c);
            this.aValues = Buffers.toArray(a);
            this.bValues = Buffers.toArray(b);
        }

        static Operands create(Problem p, Arena arena) {
            SplittableRandom random = new SplittableRandom(p.seed());
            MemorySegment a = filled(arena, extent(p.offset(), p.aRows(), p.lda()) + random.nextInt(3), random, false);
            MemorySegment b = filled(arena, extent(p.offset(), p.bRows(), p.ldb()) + random.nextInt(3), random, false);
            MemorySegment c = filled(arena, extent(p.offset(), p.m(), p.ldc()) + random.nextInt(3), random, p.beta() == 0f);
            return new Operands(a, b, c);
        }

        Operands copy(Arena arena) {
            return new Operands(Buffers.copyOf(arena, aValues), Buffers.copyOf(arena, bValues), Buffers.copyOf(arena, originalC));
        }

        private static long extent(int offset, int rows, int ld) {
            return offset + (long) rows * ld;
        }

        private static MemorySegment filled(Arena arena, long count, SplittableRandom random, boolean poison) {
            MemorySegment segment = Buffers.allocate(arena, count);
            for (long i = 0; i < count; i++) {
                Buffers.set(segment, i, poison ? Float.NaN : (float) (random.nextDouble() * 2 - 1));
            }
            return segment;
        }

        float originalC(int index) {
            float value = originalC[index];
            return Float.isNaN(value) ? 0f : value;
        }

        double absoluteProductSum(Problem p, int row, int col) {
            double sum = 0;
            for (int q = 0; q < p.k(); q++) {
                int aIndex = p.offset() + (p.transA().isTransposed() ? q * p.lda() + row : row * p.lda() + q);
                int bIndex = p.offset() + (p.transB().isTransposed() ? col * p.ldb() + q : q * p.ldb() + col);
                sum += Math.abs((double) aValues[aIndex] * bValues[bIndex]);
            }
            return sum;
        }
    }
}
