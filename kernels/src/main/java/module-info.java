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

    exports io.simdnn.kernels;
    exports io.simdnn.kernels.reference;
    // io.simdnn.kernels.internal stays unexported: argument checks shared by kernels and references.
}
