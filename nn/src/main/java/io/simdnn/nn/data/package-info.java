/**
 * Data sets and their loaders: IDX files (MNIST, Fashion-MNIST; raw or gzip) and CIFAR-10 binary
 * batches, located on disk by {@link io.simdnn.nn.data.DataLocator}, held as
 * {@link io.simdnn.nn.data.Dataset} (images as floats in NCHW, labels as ints), with the
 * train/validation split and per-channel standardization. A malformed file is a
 * {@link io.simdnn.nn.data.DataFormatException} naming the file and the problem.
 */
package io.simdnn.nn.data;
