package io.simdnn.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * What {@link io.simdnn.kernels.gemm.Gemm#sgemm(Transpose, Transpose, int, int, int, float,
 * MemorySegment, long, int, MemorySegment, long, int, float, MemorySegment, long, int, GemmEpilogue)
 * sgemm} does to each element of C after the product, applied by the thread that
 * computed that part of C, right after computing it. A dense layer's bias, its ReLU and the ReLU's
 * gradient mask then cost no pass of their own over C, and no core reads what the other wrote.
 * Element (i, j) of C, with c its value {@code alpha * op(A) op(B) + beta * C}:
 *
 * <ul>
 *   <li>{@link #NONE}: c.</li>
 *   <li>{@link #bias}: {@code c + bias[j]}, one float per column of C.</li>
 *   <li>{@link #biasRelu}: {@code max(c + bias[j], 0)} (NaN stays NaN).</li>
 *   <li>{@link #reluGradient}: {@code x[i][j] > 0 ? c : 0}, x an M x N matrix (a ReLU's output
 *       or input: the two are positive at the same elements); x = +-0 or NaN passes nothing, as in
 *       {@code Activations.reluBackward}.</li>
 * </ul>
 *
 * Each result has the bits of the product stored to C followed by the separate kernel
 * ({@code Bias.addToRows}, {@code Activations.reluForward}, {@code Activations.reluBackward}).
 * The bias and x are only read; they must fit their segments and not overlap C, which
 * {@code sgemm} checks with its other arguments. An epilogue holds its segments, not copies: a
 * caller that multiplies with the same bias every step keeps one instance (making one per call
 * allocates).
 */
public final class GemmEpilogue {
    /** What is applied to each element. */
    public enum Kind {
        /** Nothing: C as the product left it. */
        NONE,
        /** A bias per column of C. */
        BIAS,
        /** A bias per column of C, then ReLU. */
        BIAS_RELU,
        /** Zero where a matrix of C's shape is not positive. */
        RELU_GRADIENT
    }

    /** The product alone. */
    public static final GemmEpilogue NONE = new GemmEpilogue(Kind.NONE, null, 0, 0);

    private final Kind kind;
    private final MemorySegment operand;
    private final long offset;
    private final int ld;

    private GemmEpilogue(Kind kind, MemorySegment operand, long offset, int ld) {
        this.kind = kind;
        this.operand = operand;
        this.offset = offset;
        this.ld = ld;
    }

    /**
     * {@code C[i][j] = c + bias[j]}.
     *
     * @param bias       N floats, read only
     * @param biasOffset element index of bias[0]
     * @return the epilogue
     * @throws NullPointerException if {@code bias} is null
     */
    public static GemmEpilogue bias(MemorySegment bias, long biasOffset) {
        return new GemmEpilogue(Kind.BIAS, Objects.requireNonNull(bias, "bias"), biasOffset, 0);
    }

    /**
     * {@code C[i][j] = max(c + bias[j], 0)}.
     *
     * @param bias       N floats, read only
     * @param biasOffset element index of bias[0]
     * @return the epilogue
     * @throws NullPointerException if {@code bias} is null
     */
    public static GemmEpilogue biasRelu(MemorySegment bias, long biasOffset) {
        return new GemmEpilogue(Kind.BIAS_RELU, Objects.requireNonNull(bias, "bias"), biasOffset, 0);
    }

    /**
     * {@code C[i][j] = x[i][j] > 0 ? c : 0}: the gradient of a ReLU folded into the product that
     * computes the gradient of its output.
     *
     * @param x       M x N, row i at element {@code xOffset + i * ldx}, read only
     * @param xOffset element index of x[0][0]
     * @param ldx     floats between consecutive rows of x, at least N
     * @return the epilogue
     * @throws NullPointerException if {@code x} is null
     */
    public static GemmEpilogue reluGradient(MemorySegment x, long xOffset, int ldx) {
        return new GemmEpilogue(Kind.RELU_GRADIENT, Objects.requireNonNull(x, "x"), xOffset, ldx);
    }

    /**
     * What is applied.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The segment the epilogue reads.
     *
     * @return the bias ({@link Kind#BIAS}, {@link Kind#BIAS_RELU}) or x ({@link Kind#RELU_GRADIENT}); null for {@link Kind#NONE}
     */
    public MemorySegment operand() {
        return operand;
    }

    /**
     * Where the operand starts.
     *
     * @return element index of the operand's first float
     */
    public long offset() {
        return offset;
    }

    /**
     * The operand's row stride.
     *
     * @return floats between rows of x ({@link Kind#RELU_GRADIENT}); 0 otherwise
     */
    public int ld() {
        return ld;
    }

    /**
     * Element (i, j) of C finished: the definition above, one element at a time (the reference
     * and the optimized kernel's leftover columns both use it).
     *
     * @param value c, the element's value after the product
     * @param i     its row in C
     * @param j     its column in C
     * @return the finished element
     */
    public float apply(float value, int i, int j) {
        return switch (kind) {
            case NONE -> value;
            case BIAS -> value + operand.getAtIndex(JAVA_FLOAT, offset + j);
            case BIAS_RELU -> Math.max(value + operand.getAtIndex(JAVA_FLOAT, offset + j), 0f);
            case RELU_GRADIENT -> operand.getAtIndex(JAVA_FLOAT, offset + (long) i * ld + j) > 0 ? value : 0f;
        };
    }

    @Override
    public String toString() {
        return "GemmEpilogue[" + kind + "]";
    }
}
