/**
 * The typed torch layer: libtorch tensors, operators and autograd from Java.
 *
 * <ul>
 *   <li>{@link dev.repbench.torch.Tensor}: a tensor handle with operators as methods;</li>
 *   <li>{@link dev.repbench.torch.Scope}: the one owner of tensors, freeing them deterministically when closed;</li>
 *   <li>{@link dev.repbench.torch.Op}: any ATen operator by schema name, called through libtorch's dispatcher;</li>
 *   <li>{@link dev.repbench.torch.GradMode}, {@link dev.repbench.torch.Torch}: autograd recording and process-wide settings;</li>
 *   <li>{@link dev.repbench.torch.Autocast}: bf16 mixed precision (libtorch's autocast) for a block of one thread;</li>
 *   <li>{@link dev.repbench.torch.TorchBuild}: what the linked libtorch is (version, CUDA, cuDNN) and the GPUs it sees.</li>
 * </ul>
 * The raw bindings ({@code dev.repbench.torch.ffi}) are this layer's own; benchmarks of the native path use
 * {@code dev.repbench.torch.bench}. Failures arrive as {@link dev.repbench.torch.TorchException} with the shim's
 * status code and libtorch's message.
 */
package dev.repbench.torch;
