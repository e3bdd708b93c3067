/**
 * Benchmarks plugins contribute: a training step against its reference implementation
 * ({@link dev.repbench.plugins.kit.bench.BaselineBenchmark}), run by {@code repbench bench pretrain}.
 */
package dev.repbench.plugins.kit.bench;
