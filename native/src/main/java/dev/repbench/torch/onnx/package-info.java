/**
 * ONNX export of {@code nn} modules: {@link dev.repbench.torch.onnx.OnnxExporter} turns a module in eval mode into
 * an ONNX model with a dynamic {@code image [N, 3, H, W]} input and, for a ResNet, the encoder-file outputs
 * ({@code embedding}, {@code block1}…{@code block5}); {@link dev.repbench.torch.onnx.OnnxGraph} is the small
 * builder over the ONNX protobuf classes it writes with.
 *
 * <p>How modules map to ONNX lives here, not in {@code nn}: {@link dev.repbench.torch.onnx.ModuleExporters} is a
 * registry keyed by module class, with exporters for the built-in layers (Conv2d → Conv, BatchNorm2d →
 * BatchNormalization on the running statistics, Linear → Gemm, residual blocks → Conv/BN/Relu/Add, ResNet →
 * stem, MaxPool, stages, GlobalAveragePool + Flatten). {@code nn} thus stays about computing, and the export
 * rules for a layer read side by side. Two doors let code outside RepBench export its own modules: implement
 * {@link dev.repbench.torch.onnx.OnnxExportable} on the module, or register a
 * {@link dev.repbench.torch.onnx.ModuleExporter} for a class one cannot change. Exporters write children through
 * {@link dev.repbench.torch.onnx.ExportContext}, which names initializers by their state-dict names
 * ({@code layer1.0.conv1.weight}) and values by the module path; a module without an exporter fails naming
 * its class and path.
 */
package dev.repbench.torch.onnx;
