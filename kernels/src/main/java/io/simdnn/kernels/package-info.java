/**
 * The vocabulary every kernel speaks: float buffers ({@link io.simdnn.kernels.Buffers}), the
 * shapes kernels take ({@link io.simdnn.kernels.ConvShape}, {@link io.simdnn.kernels.PoolShape},
 * {@link io.simdnn.kernels.ChannelShape}), {@link io.simdnn.kernels.Transpose} and
 * {@link io.simdnn.kernels.SmoothFunction}, the thread count ({@link io.simdnn.kernels.KernelThreads})
 * and whether the Vector API is in use ({@link io.simdnn.kernels.VectorSupport}).
 *
 * <h2>Conventions shared by every kernel package</h2>
 * <ul>
 *   <li><b>Buffers.</b> A buffer is a {@link java.lang.foreign.MemorySegment} of floats in native
 *       byte order, off-heap or wrapping a {@code float[]}. Sizes, offsets and leading
 *       dimensions count floats, never bytes.</li>
 *   <li><b>Layout.</b> Matrices are row-major; image tensors are NCHW (batch, channel, row,
 *       column, the last fastest); per-channel tensors are {@code N x C x S}.</li>
 *   <li><b>Two argument conventions.</b> Matrix and vector kernels (GEMM, activations, bias,
 *       dropout, optimizer updates, norms, softmax cross-entropy) take each operand as a segment,
 *       an element offset and, for matrices, a leading dimension, so they work in place on any
 *       sub-matrix. Tensor kernels (convolution, pooling, batch norm) take a shape record and
 *       whole segments whose element 0 is the tensor's first element; slice with
 *       {@code asSlice} for a sub-buffer. Each kernel's Javadoc states which.</li>
 *   <li><b>Validation.</b> Every argument is checked before anything is written, with
 *       overflow-safe size arithmetic; a bad one is an {@link java.lang.IllegalArgumentException}
 *       naming the operand, and the outputs are untouched. Segments must be 4-byte aligned (there
 *       is no unaligned path). A convolution backward pass whose workspace did not see a forward
 *       pass of the same shape is an {@link java.lang.IllegalStateException}.</li>
 *   <li><b>Aliasing.</b> Inputs are only read and each kernel states what it writes. An output may
 *       be exactly an input (same memory, same first element and leading dimension) only where the
 *       kernel says "in place"; every other overlap of any input/output or output/output pair is
 *       rejected.</li>
 *   <li><b>Threads.</b> Kernels split their work over {@link io.simdnn.kernels.KernelThreads}.
 *       Segments of a confined arena are reachable from their owner thread only; a kernel given
 *       one runs on the calling thread alone.</li>
 *   <li><b>Bit-identical.</b> Work is split by the problem's shape only and every output element
 *       is computed by the same operations in the same order whatever the split, so the same
 *       inputs give the same bits for every thread count. Results may differ between vector
 *       widths (a 256-bit and a 512-bit machine group sums differently), and between a kernel and
 *       its scalar reference twin within the rounding the kernel's Javadoc states.</li>
 *   <li><b>Fallback.</b> Without {@code jdk.incubator.vector}, every kernel runs its reference
 *       twin from {@code io.simdnn.kernels.reference}: slower, same contract.</li>
 * </ul>
 */
package io.simdnn.kernels;
