package dev.repbench.torch.bench;

import dev.repbench.torch.Op;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.ffi.rb_value;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One {@code aten::add} of two one-element float tensors through each layer between Java and libtorch, so the
 * arithmetic is negligible and the differences are what a call costs at each layer:
 * <ol>
 *   <li>{@link #bareDowncall()}: an FFM downcall that does nothing ({@code rb_abi_version});</li>
 *   <li>{@link #directAdd()}: {@code at::add} called in C++ through a dedicated entry point;</li>
 *   <li>{@link #boxedAdd()}: the shim's boxed dispatcher call ({@code rb_op_call}) from the raw bindings;</li>
 *   <li>{@link #typedAdd()}: the same through the typed layer ({@link Op}, {@link Tensor}), as RepBench calls it.</li>
 * </ol>
 * Each method makes its one call and frees the result; the caller times as many calls as it likes. A probe opens a
 * {@link Scope} on the calling thread and owns an arena: use it on that thread, in try-with-resources.
 * <pre>{@code
 * try (DispatcherProbe probe = DispatcherProbe.open()) {
 *     double ns = nanosPerCall(probe::boxedAdd);
 * }
 * }</pre>
 */
public final class DispatcherProbe implements AutoCloseable {
    private static final Op ADD = Op.of("aten::add", "Tensor");

    private final Scope scope;
    private final Arena arena;
    private final Tensor a;
    private final Tensor b;
    private final MemorySegment handleA;
    private final MemorySegment handleB;
    private final MemorySegment directResult;
    private final MemorySegment addOperator;
    private final MemorySegment arguments;
    private final MemorySegment results;
    private final MemorySegment resultCount;

    private DispatcherProbe() {
        scope = Scope.open();
        arena = Arena.ofConfined();
        try {
            a = Tensor.of(new float[] {1f}, 1);
            b = Tensor.of(new float[] {2f}, 1);
            handleA = a.handle();
            handleB = b.handle();
            directResult = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment found = arena.allocate(ValueLayout.ADDRESS);
            ShimStatus.check(repbench_torch_h.rb_op_find(arena.allocateFrom("aten::add"), arena.allocateFrom("Tensor"), found),
                    "finding aten::add.Tensor");
            addOperator = found.get(ValueLayout.ADDRESS, 0);
            arguments = rb_value.allocateArray(2, arena);
            for (int k = 0; k < 2; k++) {
                MemorySegment v = rb_value.asSlice(arguments, k);
                rb_value.kind(v, repbench_torch_h.RB_KIND_TENSOR());
                rb_value.p(v, k == 0 ? handleA : handleB);
            }
            results = rb_value.allocateArray(4, arena);
            resultCount = arena.allocate(ValueLayout.JAVA_INT);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Opens a probe on this thread: two one-element tensors in a new {@link Scope}, the argument buffers in an arena. */
    public static DispatcherProbe open() {
        return new DispatcherProbe();
    }

    /** A downcall into the shim that does no work: FFM's own cost. */
    public void bareDowncall() {
        repbench_torch_h.rb_abi_version();
    }

    /** {@code at::add} called directly in C++, bypassing the boxed path: the baseline. */
    public void directAdd() {
        ShimStatus.check(repbench_torch_h.rb_bench_add_direct(handleA, handleB, directResult), "at::add");
        repbench_torch_h.rb_tensor_free(directResult.get(ValueLayout.ADDRESS, 0));
    }

    /** {@code aten::add.Tensor} through the dispatcher's boxed call from the raw bindings: boxing and dispatch. */
    public void boxedAdd() {
        ShimStatus.check(repbench_torch_h.rb_op_call(addOperator, arguments, 2, results, 4, resultCount), "aten::add.Tensor");
        repbench_torch_h.rb_tensor_free(rb_value.p(results));
    }

    /** {@code aten::add.Tensor} through {@link Op#call1} and {@link Tensor#close()}: what the rest of RepBench pays. */
    public void typedAdd() {
        ADD.call1(a, b).close();
    }

    /** Frees the tensors and buffers and closes the probe's scope. */
    @Override
    public void close() {
        arena.close();
        scope.close();
    }
}
