/**
 * ONNX Runtime sessions for encoder files: {@link dev.repbench.runtime.features.session.OnnxEngine} holds the one
 * {@code OrtEnvironment} of the process and opens an {@link dev.repbench.runtime.features.session.EncoderSession}
 * (explicit intra-op threads, inter-op 1, all graph optimisations, the CPU or the CUDA execution provider);
 * a {@link dev.repbench.runtime.features.session.BatchRunner} runs batches from reused direct input buffers into
 * pinned (pre-allocated) output buffers, so a steady run allocates nothing per batch.
 */
package dev.repbench.runtime.features.session;
