/**
 * Running a study: {@link dev.repbench.runtime.study.run.StudyRunner} writes the
 * {@link dev.repbench.runtime.study.run.RunManifest} and runs pending cells in dependency order through
 * {@link dev.repbench.runtime.study.run.CellExecutors} — one small interface per kind of cell, so tests can fake
 * any of them — claiming each with a lease, recording each outcome, and continuing past failures.
 */
package dev.repbench.runtime.study.run;
