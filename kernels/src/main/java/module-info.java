/**
 * simdnn kernels: stateless SIMD kernels over off-heap (or heap) float buffers.
 *
 * <p>{@code jdk.incubator.vector} is required statically but resolved only when present: on the
 * class path without {@code --add-modules jdk.incubator.vector} the kernels fall back to their
 * scalar reference twins and say so once (see {@link io.simdnn.kernels.VectorSupport}).
 */
module io.simdnn.kernels {
    requires static jdk.incubator.vector;
    requires static java.management;
    requires static jdk.management;

    exports io.simdnn.kernels;
    exports io.simdnn.kernels.gemm;
    exports io.simdnn.kernels.conv;
    exports io.simdnn.kernels.pool;
    exports io.simdnn.kernels.norm;
    exports io.simdnn.kernels.loss;
    exports io.simdnn.kernels.optim;
    exports io.simdnn.kernels.elementwise;
    exports io.simdnn.kernels.reference;
    // io.simdnn.kernels.internal (shared SIMD bodies, the worker threads, the tuning table) and
    // io.simdnn.kernels.internal.checks (argument contracts shared with the references) stay unexported.
}
