/**
 * The RepBench plugin contract: the two service types a plugin implements
 * ({@link dev.repbench.api.PretrainingAlgorithm} and {@link dev.repbench.api.EndTask}),
 * what they have in common ({@link dev.repbench.api.Provider}), the contract's
 * version ({@link dev.repbench.api.SpiVersion}) and the compute device a run uses.
 *
 * <p>A plugin is a jar with {@code META-INF/services/dev.repbench.api.PretrainingAlgorithm}
 * and/or {@code META-INF/services/dev.repbench.api.EndTask} entries and a
 * {@value dev.repbench.api.SpiVersion#MANIFEST_ATTRIBUTE} manifest attribute.
 * Built-in tasks and algorithms are found the same way.
 *
 * <p>This module has no third-party dependency and names no tensor type: data
 * crosses it as plain arrays ({@link dev.repbench.api.data}) and trained encoders as
 * checkpoint files ({@link dev.repbench.api.pretrain.TrainedEncoder}).
 */
package dev.repbench.api;
