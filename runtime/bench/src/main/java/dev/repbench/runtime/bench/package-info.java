/**
 * {@code repbench bench}: benchmarks that print ratios against baselines measured in the same run — libtorch
 * through FFM vs PyTorch ({@code torch}), feature extraction end to end vs ONNX Runtime alone ({@code features}),
 * CKA's Gram work vs the encoder's forward pass and the study's feature-space form ({@code cka}), pretraining per
 * algorithm in fp32 and bf16 ({@code pretrain}), the cached protocol vs ViRB's re-encoding ({@code protocol}),
 * the pixelwise heads' training step vs the same heads in PyTorch ({@code heads}), and whether each battery task
 * separates a trained encoder from random weights ({@code battery}).
 */
package dev.repbench.runtime.bench;
