/**
 * Reading and completing ONNX models from elsewhere, on the protobuf classes ({@code ai.onnx.proto.OnnxMl}):
 * {@link dev.repbench.runtime.encoder.onnx.OnnxModelReader} reads a file and says what it is when it is not an
 * ONNX model; {@link dev.repbench.runtime.encoder.onnx.ExternalData} finds the files a model keeps its weights in;
 * {@link dev.repbench.runtime.encoder.onnx.ImageInput} finds the image input (NCHW or NHWC) and
 * {@link dev.repbench.runtime.encoder.onnx.InputAdaptation} makes it RepBench's {@code [N, 3, H, W]} with a free batch;
 * {@link dev.repbench.runtime.encoder.onnx.EncoderTensors} names the contract's outputs and finds the pooled
 * {@code embedding}; {@link dev.repbench.runtime.encoder.onnx.GraphIndex} and
 * {@link dev.repbench.runtime.encoder.onnx.MainPath} walk a graph (who reads what; the tensors every computation
 * passes through), for the rules that find the block outputs;
 * {@link dev.repbench.runtime.encoder.onnx.OutputPromotion} makes internal tensors graph outputs under those names,
 * because ONNX Runtime can fetch only graph outputs. Nothing here knows about {@code encoder.json}.
 */
package dev.repbench.runtime.encoder.onnx;
