/**
 * {@code ./simdnn bench}: the command line ({@link io.simdnn.bench.suite.BenchMain}), the plan of
 * JMH invocations per group and its time estimate, the run with its progress display, and the
 * OpenBLAS core-type selection in child JVMs before a GEMM run. Uses {@code benchmarks} for what to
 * run and {@code report} to write the report of a finished run.
 */
package io.simdnn.bench.suite;
