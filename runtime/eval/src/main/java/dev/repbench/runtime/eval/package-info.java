/**
 * The evaluation service: one (encoder, task, seed) cell from cached frozen features to a result record.
 *
 * <p>{@link dev.repbench.runtime.eval.Evaluator} runs what every cell shares: the record check (a cell whose record
 * exists is skipped), the task's splits and the seeded validation carve ({@link dev.repbench.runtime.eval.TaskSplits},
 * {@link dev.repbench.runtime.eval.ValidationSplit}), and the record. The head's training is a
 * {@link dev.repbench.runtime.eval.Protocol} chosen by the task's head ({@link dev.repbench.runtime.eval.Protocols}):
 * {@code imagelevel} (pooled embeddings) or {@code pixelwise} (block pyramids); each reads features through
 * {@link dev.repbench.runtime.eval.CachedFeatures}, trains on raw (unstandardised, as in the study) features, scores
 * validation and test every epoch ({@link dev.repbench.runtime.eval.Curves}) and picks the epoch by validation only
 * ({@link dev.repbench.runtime.eval.EpochSelection}). {@link dev.repbench.runtime.eval.ProtocolConfig#forTask} is the
 * one place a cell's settings are built from a user's choices and the task's defaults. Unlike the study's code, the
 * reported number is never chosen on the test set; the last epoch's test score is recorded beside it for comparison.
 */
package dev.repbench.runtime.eval;
