package dev.repbench.runtime.bench;

import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.ffi.rb_value;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a libtorch operator costs from Java, layer by layer, on one-element tensors (so the arithmetic is
 * negligible): a bare FFM downcall; {@code at::add} through a dedicated C entry point; the same operator through
 * the shim's boxed dispatcher path called from the raw bindings; and through the typed {@link Op} layer.
 */
public final class DispatcherOverheadBench {
    private static final int ROUNDS = 7;
    private static final int ITERATIONS = 100_000;

    private DispatcherOverheadBench() {
    }

    public record Result(double downcallNs, double directNs, double boxedRawNs, double boxedTypedNs) {
    }

    public static Result run(PrintStream out) {
        Op add = Op.of("aten::add", "Tensor");
        try (Scope scope = Scope.open(); Arena arena = Arena.ofConfined()) {
            Tensor a = Tensor.of(new float[] {1f}, 1);
            Tensor b = Tensor.of(new float[] {2f}, 1);
            MemorySegment ha = a.handle();
            MemorySegment hb = b.handle();
            MemorySegment out1 = arena.allocate(ValueLayout.ADDRESS);

            double downcall = Timing.nanosPerCall(ROUNDS, ITERATIONS, repbench_torch_h::rb_abi_version);

            double direct = Timing.nanosPerCall(ROUNDS, ITERATIONS, () -> {
                repbench_torch_h.rb_bench_add_direct(ha, hb, out1);
                repbench_torch_h.rb_tensor_free(out1.get(ValueLayout.ADDRESS, 0));
            });

            MemorySegment opHandle = findRaw(arena);
            MemorySegment args = rb_value.allocateArray(2, arena);
            MemorySegment results = rb_value.allocateArray(4, arena);
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            for (int k = 0; k < 2; k++) {
                MemorySegment v = rb_value.asSlice(args, k);
                rb_value.kind(v, repbench_torch_h.RB_KIND_TENSOR());
                rb_value.p(v, k == 0 ? ha : hb);
            }
            double boxedRaw = Timing.nanosPerCall(ROUNDS, ITERATIONS, () -> {
                repbench_torch_h.rb_op_call(opHandle, args, 2, results, 4, count);
                repbench_torch_h.rb_tensor_free(rb_value.p(results));
            });

            double boxedTyped = Timing.nanosPerCall(ROUNDS, ITERATIONS, () -> add.call1(a, b).close());

            Result r = new Result(downcall, direct, boxedRaw, boxedTyped);
            out.printf("Per-call cost of aten::add on 1-element float tensors (median of %d rounds x %,d calls):%n", ROUNDS, ITERATIONS);
            out.printf("  bare FFM downcall (rb_abi_version)          %8.1f ns%n", downcall);
            out.printf("  direct entry point (at::add in C++)         %8.1f ns   1.00x%n", direct);
            out.printf("  boxed dispatcher, raw bindings              %8.1f ns   %.2fx  (+%.0f ns boxing)%n", boxedRaw, boxedRaw / direct, boxedRaw - direct);
            out.printf("  boxed dispatcher, typed Op + Scope          %8.1f ns   %.2fx  (+%.0f ns Java marshalling)%n", boxedTyped, boxedTyped / direct, boxedTyped - boxedRaw);
            return r;
        }
    }

    private static MemorySegment findRaw(Arena arena) {
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        int status = repbench_torch_h.rb_op_find(arena.allocateFrom("aten::add"), arena.allocateFrom("Tensor"), out);
        if (status != 0) {
            throw new IllegalStateException("aten::add.Tensor not found");
        }
        return out.get(ValueLayout.ADDRESS, 0);
    }
}
