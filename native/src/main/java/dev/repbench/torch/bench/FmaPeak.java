package dev.repbench.torch.bench;

import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The CPU's float32 FMA throughput, measured in this process by the shim's kernel: independent chains of fused
 * multiply-adds on every thread (AVX-512 where the CPU has it, else AVX2). The ceiling a training benchmark
 * reports its GFLOP/s against.
 */
public final class FmaPeak {
    private FmaPeak() {
    }

    /**
     * Runs the kernel on {@code threads} threads for about {@code seconds} and returns GFLOP/s (an FMA counts two).
     *
     * @throws dev.repbench.torch.TorchException when an argument is not positive or the CPU has neither AVX-512
     *                                           nor AVX2 with FMA
     */
    public static double gflops(int threads, double seconds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE);
            ShimStatus.check(repbench_torch_h.rb_bench_fma_peak(threads, seconds, out), "measuring the FMA peak");
            return out.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }
}
