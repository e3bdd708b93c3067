/**
 * The training loop's contract and implementation: a plugin's {@link dev.repbench.plugins.kit.train.Method} (whose
 * base builds the backbone from the architecture registry and keeps the networks, state and optimiser), the
 * optimiser's settings under the names every algorithm shares ({@link dev.repbench.plugins.kit.train.OptimizerConfig},
 * {@link dev.repbench.plugins.kit.train.LearningRateScaling}),
 * the views it asks for ({@link dev.repbench.plugins.kit.train.ViewSpec}), each step's input
 * ({@link dev.repbench.plugins.kit.train.StepInput}), and {@link dev.repbench.plugins.kit.train.PretrainingLoop},
 * which drives it with seeding, loading, progress, checkpoints ({@link dev.repbench.plugins.kit.train.TrainingCheckpoint})
 * and resume.
 */
package dev.repbench.plugins.kit.train;
