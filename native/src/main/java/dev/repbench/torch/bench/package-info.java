/**
 * Measurements of the native path itself, for {@code repbench bench}: the CPU's float32 FMA peak
 * ({@link dev.repbench.torch.bench.FmaPeak}), its bf16 dot-product peak ({@link dev.repbench.torch.bench.Bf16DotPeak}) and what one operator call costs at each layer between Java and
 * libtorch's dispatcher ({@link dev.repbench.torch.bench.DispatcherProbe}). The benchmarks time them; these
 * classes only make the calls, so that nothing outside the torch layer needs the raw bindings.
 */
package dev.repbench.torch.bench;
