/**
 * {@code repbench bench}: benchmarks that print ratios against baselines measured in the same run — libtorch
 * through FFM vs PyTorch ({@code torch}), feature extraction end to end vs ONNX Runtime alone ({@code features}),
 * and CKA's Gram work vs the encoder's forward pass and the study's feature-space form ({@code cka}).
 */
package dev.repbench.runtime.bench;
