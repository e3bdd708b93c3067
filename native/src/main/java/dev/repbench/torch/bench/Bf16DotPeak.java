package dev.repbench.torch.bench;

import dev.repbench.torch.Torch;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalDouble;

/**
 * The CPU's bf16 dot-product throughput, measured in this process by the shim's kernel as {@link FmaPeak} measures
 * float32's: independent chains of {@code vdpbf16ps} (two bf16 products added into each float32 lane) on every
 * thread. The ceiling of oneDNN's bf16 convolutions, which a bf16 training step reports against.
 */
public final class Bf16DotPeak {
    private Bf16DotPeak() {
    }

    /**
     * Runs the kernel on {@code threads} threads for about {@code seconds} and returns GFLOP/s (a bf16 product and
     * its addition count two), or empty when the CPU has no AVX512_BF16.
     *
     * @throws dev.repbench.torch.TorchException when an argument is not positive
     */
    public static OptionalDouble gflops(int threads, double seconds) {
        if (!Torch.cpuBf16Features().contains("AVX512_BF16")) {
            return OptionalDouble.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE);
            ShimStatus.check(repbench_torch_h.rb_bench_bf16_dot_peak(threads, seconds, out), "measuring the bf16 dot-product peak");
            return OptionalDouble.of(out.get(ValueLayout.JAVA_DOUBLE, 0));
        }
    }
}
