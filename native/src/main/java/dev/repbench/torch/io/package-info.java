/**
 * Files of tensors: checkpoints in PyTorch's {@code torch.save} format, written atomically, read by a pure-Java
 * reader of both torch.save container formats (a safe pickle machine with an allow-list: nothing in a file is
 * executed), and loaded into {@link dev.repbench.torch.nn.Module}s with strict key checking.
 */
package dev.repbench.torch.io;
