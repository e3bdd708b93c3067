/**
 * The run-spec file: a YAML tree that keeps each value's line and column ({@link
 * dev.repbench.runtime.study.spec.SpecNode}), read into a validated {@link dev.repbench.runtime.study.spec.StudySpec}
 * by {@link dev.repbench.runtime.study.spec.SpecLoader}, which reports every problem at once with its location and
 * field path before anything runs.
 */
package dev.repbench.runtime.study.spec;
