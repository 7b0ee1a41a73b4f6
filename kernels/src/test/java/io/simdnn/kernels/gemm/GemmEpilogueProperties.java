package io.simdnn.kernels.gemm;

import static io.simdnn.kernels.gemm.GemmTestSupport.assertBitIdentical;
import static io.simdnn.kernels.gemm.GemmTestSupport.extent;
import static io.simdnn.kernels.gemm.GemmTestSupport.randomData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import io.simdnn.kernels.Buffers;
import io.simdnn.kernels.GemmEpilogue;
import io.simdnn.kernels.KernelThreads;
import io.simdnn.kernels.Transpose;
import io.simdnn.kernels.elementwise.Activations;
import io.simdnn.kernels.elementwise.Bias;
import io.simdnn.kernels.reference.ReferenceActivations;
import io.simdnn.kernels.reference.ReferenceBias;
import io.simdnn.kernels.reference.ReferenceGemm;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code sgemm} with an epilogue against the product followed by the epilogue's own kernel
 * ({@code Bias.addToRows}, {@code Activations.reluForward}, {@code Activations.reluBackward}): the
 * same bits, on 1 and 2 threads, for every path of the driver (narrow, blocked, C^T, split by rows
 * or columns) and padded, offset operands. The reference twin is held to the same composition of
 * reference kernels. x holds zeros, negative zeros and NaN besides random values, so the mask's
 * edge cases are in every product.
 */
class GemmEpilogueProperties {

    @Property(tries = 150)
    void fusedEqualsProductThenKernel(@ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("sizes") int k,
                                      @ForAll Transpose transA, @ForAll Transpose transB,
                                      @ForAll GemmEpilogue.Kind kind, @ForAll("scalars") float alpha,
                                      @ForAll("scalars") float beta, @ForAll @IntRange(max = 5) int cPad,
                                      @ForAll @IntRange(max = 7) int operandOffset, @ForAll @IntRange(min = 1, max = 2) int threads,
                                      @ForAll long seed) {
        int saved = KernelThreads.parallelism();
        KernelThreads.setParallelism(threads);
        try (Arena arena = Arena.ofShared()) {
            Problem p = new Problem(arena, m, n, k, transA, transB, kind, cPad, operandOffset, new SplittableRandom(seed));
            String description = String.format("%s %s M=%d N=%d K=%d %s alpha=%s beta=%s ldc %d operand offset %d, %d threads",
                    transA.letter(), transB.letter(), m, n, k, kind, alpha, beta, p.ldc, operandOffset, threads);

            MemorySegment fused = p.freshC(arena);
            Gemm.sgemm(transA, transB, m, n, k, alpha, p.a, 0, p.lda, p.b, 0, p.ldb, beta, fused, 0, p.ldc, p.epilogue);

            MemorySegment separate = p.freshC(arena);
            Gemm.sgemm(transA, transB, m, n, k, alpha, p.a, 0, p.lda, p.b, 0, p.ldb, beta, separate, 0, p.ldc);
            p.applySeparately(separate, false);
            assertBitIdentical(description, Buffers.toArray(separate), Buffers.toArray(fused));
        } finally {
            KernelThreads.setParallelism(saved);
        }
    }

    @Property(tries = 60)
    void referenceEqualsReferenceProductThenReferenceKernel(@ForAll("sizes") int m, @ForAll("sizes") int n,
                                                            @ForAll("sizes") int k, @ForAll Transpose transA,
                                                            @ForAll Transpose transB, @ForAll GemmEpilogue.Kind kind,
                                                            @ForAll("scalars") float beta, @ForAll long seed) {
        try (Arena arena = Arena.ofShared()) {
            Problem p = new Problem(arena, m, n, k, transA, transB, kind, 1, 3, new SplittableRandom(seed));
            MemorySegment fused = p.freshC(arena);
            ReferenceGemm.sgemm(transA, transB, m, n, k, 1f, p.a, 0, p.lda, p.b, 0, p.ldb, beta, fused, 0, p.ldc, p.epilogue);
            MemorySegment separate = p.freshC(arena);
            ReferenceGemm.sgemm(transA, transB, m, n, k, 1f, p.a, 0, p.lda, p.b, 0, p.ldb, beta, separate, 0, p.ldc);
            p.applySeparately(separate, true);
            assertBitIdentical(kind + " M=" + m + " N=" + n + " K=" + k, Buffers.toArray(separate), Buffers.toArray(fused));
        }
    }

    @Example
    void epilogueOperandsAreValidated() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = Buffers.allocate(arena, 12);
            MemorySegment b = Buffers.allocate(arena, 20);
            MemorySegment c = Buffers.allocate(arena, 15);
            MemorySegment shortBias = Buffers.allocate(arena, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(Transpose.NO_TRANSPOSE,
                    Transpose.NO_TRANSPOSE, 3, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5, GemmEpilogue.bias(shortBias, 0)));
            assertTrue(e.getMessage().contains("epilogue bias"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(Transpose.NO_TRANSPOSE,
                    Transpose.NO_TRANSPOSE, 3, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5, GemmEpilogue.reluGradient(c, 0, 5)));
            assertTrue(e.getMessage().contains("overlap epilogue x"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(Transpose.NO_TRANSPOSE,
                    Transpose.NO_TRANSPOSE, 3, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5, GemmEpilogue.reluGradient(b, 0, 4)));
            assertTrue(e.getMessage().contains("leading dimension"), e.getMessage());
            assertThrows(NullPointerException.class, () -> Gemm.sgemm(Transpose.NO_TRANSPOSE,
                    Transpose.NO_TRANSPOSE, 3, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5, null));
            float[] untouched = Buffers.toArray(c);
            assertThrows(IllegalArgumentException.class, () -> ReferenceGemm.sgemm(Transpose.NO_TRANSPOSE,
                    Transpose.NO_TRANSPOSE, 3, 5, 4, 1f, a, 0, 4, b, 0, 5, 0f, c, 0, 5, GemmEpilogue.bias(shortBias, 0)));
            assertBitIdentical("C after a rejected call", untouched, Buffers.toArray(c));
            assertEquals(GemmEpilogue.Kind.NONE, GemmEpilogue.NONE.kind());
        }
    }

    /** One random product and its epilogue's operand: N floats of bias, or an M x N x with padded rows. */
    private static final class Problem {
        final MemorySegment a, b;
        final int lda, ldb, ldc;
        final GemmEpilogue epilogue;
        private final int m, n, xOffset, ldx;
        private final MemorySegment operand;
        private final float[] cStart;

        Problem(Arena arena, int m, int n, int k, Transpose transA, Transpose transB, GemmEpilogue.Kind kind,
                int cPad, int operandOffset, SplittableRandom random) {
            this.m = m;
            this.n = n;
            lda = Math.max(1, transA.isTransposed() ? m : k) + 1;
            ldb = Math.max(1, transB.isTransposed() ? k : n) + 2;
            ldc = Math.max(1, n) + cPad;
            a = Buffers.copyOf(arena, randomData(random, extent(0, transA.isTransposed() ? k : m, transA.isTransposed() ? m : k, lda)));
            b = Buffers.copyOf(arena, randomData(random, extent(0, transB.isTransposed() ? n : k, transB.isTransposed() ? k : n, ldb)));
            cStart = randomData(random, extent(0, m, n, ldc));
            xOffset = operandOffset;
            ldx = Math.max(1, n) + 3;
            float[] values = randomData(random, operandOffset + (kind == GemmEpilogue.Kind.RELU_GRADIENT ? extent(0, m, n, ldx) : n));
            for (int i = 0; i < values.length; i += 7) {
                values[i] = switch (i % 3) { case 0 -> 0f; case 1 -> -0f; default -> Float.NaN; };
            }
            operand = Buffers.copyOf(arena, values);
            epilogue = switch (kind) {
                case NONE -> GemmEpilogue.NONE;
                case BIAS -> GemmEpilogue.bias(operand, operandOffset);
                case BIAS_RELU -> GemmEpilogue.biasRelu(operand, operandOffset);
                case RELU_GRADIENT -> GemmEpilogue.reluGradient(operand, operandOffset, ldx);
            };
        }

        MemorySegment freshC(Arena arena) {
            return Buffers.copyOf(arena, cStart.clone());
        }

        /** The epilogue as the separate kernels (or their references) compute it, row by row over C. */
        void applySeparately(MemorySegment c, boolean reference) {
            if (m == 0 || n == 0) {
                return; // nothing to finish, and a row offset past an empty x would be rejected
            }
            switch (epilogue.kind()) {
                case NONE -> { }
                case BIAS -> addBias(c, reference);
                case BIAS_RELU -> {
                    addBias(c, reference);
                    for (int i = 0; i < m; i++) {
                        if (reference) {
                            ReferenceActivations.reluForward(n, c, (long) i * ldc, c, (long) i * ldc);
                        } else {
                            Activations.reluForward(n, c, (long) i * ldc, c, (long) i * ldc);
                        }
                    }
                }
                case RELU_GRADIENT -> {
                    for (int i = 0; i < m; i++) {
                        long x = xOffset + (long) i * ldx;
                        if (reference) {
                            ReferenceActivations.reluBackward(n, operand, x, c, (long) i * ldc, c, (long) i * ldc);
                        } else {
                            Activations.reluBackward(n, operand, x, c, (long) i * ldc, c, (long) i * ldc);
                        }
                    }
                }
            }
        }

        private void addBias(MemorySegment c, boolean reference) {
            if (reference) {
                ReferenceBias.addToRows(m, n, operand, xOffset, c, 0, ldc);
            } else {
                Bias.addToRows(m, n, operand, xOffset, c, 0, ldc);
            }
        }
    }

    /**
     * Sizes of every path: 0 and 1, the narrow path's N up to 16, tile edges around MR (12) and NR
     * (32), and products above the 2-thread threshold (2 M N K >= 4e6).
     */
    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(0, 1)),
                Tuple.of(3, Arbitraries.of(3, 10, 12, 13, 16, 31, 33, 64)),
                Tuple.of(3, Arbitraries.integers().between(2, 130)),
                Tuple.of(3, Arbitraries.integers().between(150, 260)));
    }

    /** alpha and beta: 0, 1 and random values. */
    @Provide
    Arbitrary<Float> scalars() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0f)),
                Tuple.of(2, Arbitraries.just(1f)),
                Tuple.of(2, Arbitraries.floats().between(-2f, 2f)));
    }
}
