/**
 * Finding an imported model's feature pyramid: the tensors that become {@code block1}…{@code blockN} for the
 * pixelwise heads, each with its channels and stride, one class per rule.
 * {@link dev.repbench.runtime.encoder.pyramid.StridePyramid} reads any CNN (the last main-path feature map at each
 * stride 2…32, from the shapes of a probe run); {@link dev.repbench.runtime.encoder.pyramid.VitTokens} reads a
 * Vision Transformer (patch tokens of evenly spaced blocks turned into maps by inserted operators) and chooses its
 * embedding. Rules read the graph ({@link dev.repbench.runtime.encoder.onnx.MainPath}) and shapes from a
 * {@link dev.repbench.runtime.encoder.pyramid.ShapeProbe}; they know nothing of {@code encoder.json}.
 */
package dev.repbench.runtime.encoder.pyramid;
