package dev.repbench.torch.bench;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Torch;
import dev.repbench.torch.TorchException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark entry points the runtime's benches call instead of the raw bindings. */
class BenchProbesTest {

    @Test
    void fmaPeakIsWithinWhatOneCoreCanDo() {
        double gflops = FmaPeak.gflops(1, 0.2);
        // One core retires at most 2 FMA pipes x 16 float lanes x 2 flops per cycle: 64 flops/cycle, under
        // 400 GFLOP/s below 6 GHz; a core shared with other work still does more than 1.
        assertTrue(gflops > 1 && gflops < 400, "FMA peak of one thread: " + gflops + " GFLOP/s");
    }

    @Test
    void fmaPeakRefusesNonPositiveArguments() {
        TorchException e = assertThrows(TorchException.class, () -> FmaPeak.gflops(0, 0.1));
        assertEquals(TorchException.Code.ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("measuring the FMA peak") && e.getMessage().contains("must be positive"), e.getMessage());
    }

    @Test
    void bf16DotPeakIsMeasuredWhereTheCpuHasIt() {
        var gflops = Bf16DotPeak.gflops(1, 0.2);
        assertEquals(Torch.cpuBf16Features().contains("AVX512_BF16"), gflops.isPresent());
        if (gflops.isPresent()) {
            // vdpbf16ps does twice the flops of an FMA per lane: at most 2 pipes x 16 lanes x 4 flops per cycle,
            // under 800 GFLOP/s for one core below 6 GHz.
            assertTrue(gflops.getAsDouble() > 1 && gflops.getAsDouble() < 800, "bf16 peak of one thread: " + gflops);
            TorchException e = assertThrows(TorchException.class, () -> Bf16DotPeak.gflops(1, -1));
            assertEquals(TorchException.Code.ARGUMENT, e.code());
        }
    }

    @Test
    void everyLayerOfTheProbeCallsAndFreesItsResult() {
        try (Scope outer = Scope.open()) {
            try (DispatcherProbe probe = DispatcherProbe.open()) {
                Scope probeScope = Scope.current();
                assertEquals(outer, probeScope.parent(), "the probe opens its own scope");
                assertEquals(2, probeScope.size(), "the probe's two input tensors");
                for (int i = 0; i < 1_000; i++) {
                    probe.bareDowncall();
                    probe.directAdd();
                    probe.boxedAdd();
                    probe.typedAdd();
                }
                assertEquals(2, probeScope.size(), "typedAdd's results are closed, not left in the scope");
            }
            assertEquals(outer, Scope.current(), "closing the probe closes its scope");
            assertEquals(0, outer.size());
        }
    }
}
