/**
 * The evaluation protocol: one (encoder, task, seed) cell from cached frozen features to a result record.
 *
 * <p>{@link dev.repbench.runtime.eval.ValidationSplit} carves a seeded validation set out of TRAIN;
 * {@link dev.repbench.runtime.eval.ImageLevelProtocol} trains the task's head on raw (unstandardised, as in the
 * study) frozen embeddings, scores validation and test every epoch, and picks the epoch by validation only
 * ({@link dev.repbench.runtime.eval.EpochSelection}). {@link dev.repbench.runtime.eval.PixelwiseProtocol} does the
 * same for the pixelwise heads on the encoder's cached block pyramids
 * ({@link dev.repbench.runtime.eval.BlockPyramids}) against dense targets at the encoder's input size
 * ({@link dev.repbench.runtime.eval.DenseTargets}); the encoder stays frozen, with no BatchNorm drift.
 * {@link dev.repbench.runtime.eval.Evaluator} ties extraction,
 * protocol and {@link dev.repbench.runtime.eval.ResultStore} together, skipping cells whose record exists.
 * Unlike the study's code, the reported number is never chosen on the test set; the last epoch's test score is
 * recorded beside it for comparison.
 */
package dev.repbench.runtime.eval;
