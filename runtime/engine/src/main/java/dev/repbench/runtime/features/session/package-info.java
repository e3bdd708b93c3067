/**
 * ONNX Runtime sessions for encoder files: {@link dev.repbench.runtime.features.session.OnnxEngine} holds the one
 * {@code OrtEnvironment} of the process and opens an {@link dev.repbench.runtime.features.session.EncoderSession}
 * (explicit intra-op threads, inter-op 1, all graph optimisations, the CPU or the CUDA execution provider: a CUDA
 * request falls back to the CPU provider when the CUDA one is unavailable, see
 * {@link dev.repbench.runtime.features.session.ExecutionProviderChoice});
 * a {@link dev.repbench.runtime.features.session.BatchRunner} runs batches from reused direct input buffers into
 * pinned (pre-allocated) output buffers, so a steady run allocates nothing per batch. ONNX Runtime loads its native
 * libraries from one copy in the user cache ({@link dev.repbench.runtime.features.session.OrtNativeLibraries}), not
 * from a fresh copy in the temporary folder per process.
 */
package dev.repbench.runtime.features.session;
