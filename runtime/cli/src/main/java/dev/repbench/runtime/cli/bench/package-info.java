/**
 * {@code repbench bench}: one subcommand per benchmark, each parsing its options and calling the benchmark in
 * {@code dev.repbench.runtime.bench}, which measures against a baseline in the same run and prints ratios.
 */
package dev.repbench.runtime.cli.bench;
