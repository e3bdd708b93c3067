/**
 * Studies run from one spec file ({@code repbench run SPEC}, {@code repbench status SPEC}): {@code .spec} reads and
 * validates the YAML, {@code .cell} expands it into cells with stable ids and tracks their state on disk (done,
 * failed, leased by a running process), {@code .run} executes pending cells in dependency order and writes the
 * run's manifest. The format is documented in {@code docs/run-spec.md}.
 */
package dev.repbench.runtime.study;
