/**
 * Analyses of the study (PAPER.md, Section 5 and Appendices D–G) as pure float64 math on plain arrays: no ONNX
 * Runtime and no torch here; the encoder side hands over Gram matrices or score tables. Sub-packages by idea:
 * {@code .cka} (linear CKA between layer outputs, full-batch and minibatch) and {@code .stats} (correlations
 * between tasks across encoders and factorial ANOVA).
 */
package dev.repbench.runtime.analysis;
