/**
 * The architecture registry: every encoder architecture RepBench can build, train and export, by name (timm's
 * {@code register_model} / {@code list_models} idea, with {@link java.util.ServiceLoader} as the registration).
 * An {@link dev.repbench.torch.nn.arch.Architecture} describes its network without libtorch (default input side,
 * block layout, embedding width: {@link dev.repbench.torch.nn.arch.ArchitectureLayout}) and builds it as a
 * {@link dev.repbench.torch.nn.Backbone}; {@link dev.repbench.torch.nn.arch.ArchitectureRegistry} finds them, the
 * three ResNets through this module's own {@code META-INF/services}, a plugin's through its jar's.
 */
package dev.repbench.torch.nn.arch;
