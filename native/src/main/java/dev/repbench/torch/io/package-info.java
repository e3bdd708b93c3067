/**
 * Files of tensors: checkpoints in PyTorch's {@code torch.save} format, written atomically, and loading them into
 * {@link dev.repbench.torch.nn.Module}s with strict key checking.
 */
package dev.repbench.torch.io;
