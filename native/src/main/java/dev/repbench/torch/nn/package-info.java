/**
 * Neural-network layers on libtorch: stateless operators ({@link dev.repbench.torch.nn.Functional}), modules that
 * own named parameters and buffers with PyTorch's naming and state-dict semantics
 * ({@link dev.repbench.torch.nn.Module}), the layers built on them, the encoders methods train
 * ({@link dev.repbench.torch.nn.Backbone}), and torchvision's ResNets ({@link dev.repbench.torch.nn.ResNet}) with its
 * parameter names, so checkpoints move between PyTorch and RepBench unchanged. Architectures are found by name in
 * {@link dev.repbench.torch.nn.arch}.
 *
 * <p>Modules keep their tensors in their own standalone scopes and free them on {@code close()}; forward passes
 * return results owned by the caller's current {@link dev.repbench.torch.Scope} and free their intermediates.
 */
package dev.repbench.torch.nn;
