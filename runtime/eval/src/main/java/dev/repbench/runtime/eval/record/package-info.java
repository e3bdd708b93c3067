/**
 * Result records: one JSON file per (encoder, task, configuration, seed) — {@link dev.repbench.runtime.eval.record.ResultKey}
 * names it, {@link dev.repbench.runtime.eval.record.ResultRecord} is its content, and
 * {@link dev.repbench.runtime.eval.record.ResultStore} writes it atomically and lists a folder of them for the analyses.
 */
package dev.repbench.runtime.eval.record;
