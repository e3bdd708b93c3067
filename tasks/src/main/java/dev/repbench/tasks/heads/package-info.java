/**
 * The five task heads of the study (Kotar et al., Section 4.2 and Appendix B), trained on a frozen encoder's
 * cached features: {@link dev.repbench.tasks.heads.LinearHead} and
 * {@link dev.repbench.tasks.heads.MultiInputFusionHead} on pooled embeddings,
 * {@link dev.repbench.tasks.heads.UNetHead}, {@link dev.repbench.tasks.heads.SiameseUNetHead} and
 * {@link dev.repbench.tasks.heads.DeepLabV3PlusHead} on the block pyramid.
 *
 * <p>Heads never see the encoder: it runs frozen in ONNX Runtime and its outputs arrive here as tensors. A head's
 * own layers (batch norm included) are randomly initialised and trained. The pixelwise heads are built from a
 * {@link dev.repbench.tasks.heads.Pyramid} (channels and stride of each block), so they fit any encoder.
 */
package dev.repbench.tasks.heads;
