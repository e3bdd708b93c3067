package dev.repbench.runtime.bench;

import dev.repbench.torch.bench.DispatcherProbe;
import java.io.PrintStream;

/**
 * What a libtorch operator costs from Java, layer by layer, on one-element tensors (so the arithmetic is
 * negligible): a bare FFM downcall; {@code at::add} through a dedicated C entry point; the same operator through
 * the shim's boxed dispatcher path called from the raw bindings; and through the typed {@code Op} layer
 * ({@link DispatcherProbe} makes each call).
 */
public final class DispatcherOverheadBench {
    private static final int ROUNDS = 7;
    private static final int ITERATIONS = 100_000;

    private DispatcherOverheadBench() {
    }

    public record Result(double downcallNs, double directNs, double boxedRawNs, double boxedTypedNs) {
    }

    public static Result run(PrintStream out) {
        double downcall;
        double direct;
        double boxedRaw;
        double boxedTyped;
        try (DispatcherProbe probe = DispatcherProbe.open()) {
            downcall = Timing.nanosPerCall(ROUNDS, ITERATIONS, probe::bareDowncall);
            direct = Timing.nanosPerCall(ROUNDS, ITERATIONS, probe::directAdd);
            boxedRaw = Timing.nanosPerCall(ROUNDS, ITERATIONS, probe::boxedAdd);
            boxedTyped = Timing.nanosPerCall(ROUNDS, ITERATIONS, probe::typedAdd);
        }
        Result r = new Result(downcall, direct, boxedRaw, boxedTyped);
        out.printf("Per-call cost of aten::add on 1-element float tensors (median of %d rounds x %,d calls):%n", ROUNDS, ITERATIONS);
        out.printf("  bare FFM downcall (rb_abi_version)          %8.1f ns%n", downcall);
        out.printf("  direct entry point (at::add in C++)         %8.1f ns   1.00x%n", direct);
        out.printf("  boxed dispatcher, raw bindings              %8.1f ns   %.2fx  (+%.0f ns boxing)%n", boxedRaw, boxedRaw / direct, boxedRaw - direct);
        out.printf("  boxed dispatcher, typed Op + Scope          %8.1f ns   %.2fx  (+%.0f ns Java marshalling)%n", boxedTyped, boxedTyped / direct, boxedTyped - boxedRaw);
        return r;
    }
}
