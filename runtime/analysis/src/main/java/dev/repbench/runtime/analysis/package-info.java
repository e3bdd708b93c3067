/**
 * Analyses of the study (PAPER.md, Section 5 and Appendices D–G) as pure float64 math on plain arrays: no ONNX
 * Runtime and no torch here; the encoder side hands over Gram matrices or score tables. Sub-packages by idea:
 * {@code .cka} (linear CKA between layer outputs, full-batch and minibatch), {@code .stats} (correlations
 * between tasks across encoders and factorial ANOVA) and {@code .compare} (the study's comparisons of encoders over
 * a table of result records).
 */
package dev.repbench.runtime.analysis;
