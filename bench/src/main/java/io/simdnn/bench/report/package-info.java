/**
 * The report of a benchmark run, built from its saved files alone ({@code jmh-results.json} and
 * {@code machine.properties}): JMH's JSON read back, the machine the run was measured on, every
 * figure paired with what it is compared with in the same run, the Markdown report, the README's
 * headline table and the PNG charts. Uses {@code benchmarks} for benchmark constants (shapes,
 * traffic, counter names); does not depend on {@code suite}, so a saved run is re-rendered
 * without running anything.
 */
package io.simdnn.bench.report;
