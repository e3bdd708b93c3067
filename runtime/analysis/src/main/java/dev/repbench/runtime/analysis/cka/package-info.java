/**
 * Linear centred kernel alignment (CKA) between representations of the same n inputs, all in float64.
 * <ul>
 *   <li>{@link dev.repbench.runtime.analysis.cka.LinearCka}: biased CKA (Kornblith et al. 2019) in feature form and
 *       Gram form, and debiased CKA from the unbiased HSIC estimator of Song et al. (2012).</li>
 *   <li>{@link dev.repbench.runtime.analysis.cka.UnbiasedHsic}: that estimator on Gram matrices.</li>
 *   <li>{@link dev.repbench.runtime.analysis.cka.MinibatchCka} and
 *       {@link dev.repbench.runtime.analysis.cka.CkaMatrixAccumulator}: minibatch CKA (Nguyen, Raghu &amp;
 *       Kornblith 2021) for one pair and for all pairs of layers, within one encoder or between two encoders
 *       (a rectangular, non-mirrored matrix).</li>
 *   <li>{@link dev.repbench.runtime.analysis.cka.GramGraph} and {@link dev.repbench.runtime.analysis.cka.CkaRunner}:
 *       the same over real encoders, with each batch's Grams computed inside ONNX Runtime (float32) so wide block
 *       outputs never reach Java, and accumulated here in float64.</li>
 *   <li>{@link dev.repbench.runtime.analysis.cka.GramCache}: each encoder's batch Grams kept in the feature cache, so
 *       comparing N encoders pairwise runs each one once.</li>
 *   <li>{@link dev.repbench.runtime.analysis.cka.LayerAgreement}: how much one encoder's layers agree with one
 *       another, the quantity by which the study compares algorithms' CKA.</li>
 * </ul>
 * Matrices are row-major {@code double[][]}: features n × p (one row per input), Grams n × n.
 */
package dev.repbench.runtime.analysis.cka;
