package dev.repbench.runtime.bench;

import dev.repbench.torch.Torch;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The CPU's float32 FMA throughput, measured by the shim's FMA-chain kernel in this process. */
public final class FmaPeak {
    private FmaPeak() {
    }

    public static double gflops(int threads, double seconds) {
        Torch.load();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE);
            int status = repbench_torch_h.rb_bench_fma_peak(threads, seconds, out);
            if (status != 0) {
                throw new IllegalStateException("measuring the FMA peak failed: " + repbench_torch_h.rb_last_error().reinterpret(4096).getString(0));
            }
            return out.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }
}
