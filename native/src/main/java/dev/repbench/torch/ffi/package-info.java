/**
 * The raw bindings of the libtorch shim, in jextract's layout, generated from
 * {@code native/shim/include/repbench_torch.h} by {@code native/bindings/generate_bindings.py}
 * (apart from {@link dev.repbench.torch.ffi.ShimLibrary}, which finds the shim, and the settings it applies in the C
 * environment before the shim loads libtorch: {@link dev.repbench.torch.ffi.OpenMpPolicy} and
 * {@link dev.repbench.torch.ffi.BlasKernels}). Use the typed layer in
 * {@code dev.repbench.torch} instead; these methods return raw status codes.
 */
package dev.repbench.torch.ffi;
