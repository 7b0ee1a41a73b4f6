/**
 * The JMH benchmarks ({@code @Benchmark} classes) and what they share: benchmark shapes and
 * inputs, the bytes each bandwidth-bound kernel moves ({@code KernelTraffic}), and the OpenBLAS
 * side of the GEMM comparison (the {@code cblas_sgemm} binding, its core types and the probe that
 * checks and times one). Depends on neither {@code suite} nor {@code report}: {@code java -jar
 * benchmarks.jar jmh} runs these classes on their own.
 */
package io.simdnn.bench.benchmarks;
