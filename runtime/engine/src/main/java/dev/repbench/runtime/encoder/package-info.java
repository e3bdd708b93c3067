/**
 * The encoder file: an ONNX model ({@code encoder.onnx}, one float image input {@code [N, 3, H, W]}, a pooled
 * {@code embedding} and the block outputs {@code block1}…{@code blockN} of a feature pyramid, finest first) and its sidecar
 * {@code encoder.json} ({@link dev.repbench.runtime.encoder.EncoderDescriptor}: preprocessing, outputs,
 * provenance, and the sha256 that ties it to the model). {@link dev.repbench.runtime.encoder.EncoderFiles} writes
 * the pair atomically and reads it back with the contract checked; a model from elsewhere without sidecar is
 * read with derived defaults and a note, its pooled features promoted to {@code embedding} in memory for
 * image-level use, and its image input adapted ({@link dev.repbench.runtime.encoder.InputAdapter}: an NHWC layout
 * transposed in the graph, a batch its export fixed freed where the graph allows, checked on ONNX Runtime). {@link dev.repbench.runtime.encoder.EncoderImporter} ({@code repbench import}) completes such a
 * model into an encoder file with the block outputs too, found by the rules of package {@code .pyramid} or named
 * by the user, by graph surgery (package {@code .onnx}).
 */
package dev.repbench.runtime.encoder;
