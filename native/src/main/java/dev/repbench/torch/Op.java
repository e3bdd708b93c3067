package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.ffi.rb_value;
import dev.repbench.torch.ffi.repbench_torch_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * One libtorch operator, found once by schema name in the dispatcher and called boxed.
 *
 * <p>Keep instances in {@code static final} fields: finding is a lookup, calling is the hot path.
 * Arguments are given positionally in schema order; trailing arguments left out take the schema's
 * defaults. Java values map to boxed values as follows: {@link Tensor} (null = absent), {@code long}/{@code int},
 * {@code double}/{@code float}, {@code boolean}, {@code long[]}/{@code int[]}, {@code double[]},
 * {@code Tensor[]} or {@code List<Tensor>}, {@link String}, {@link DType} (its code), {@link Device} (its name),
 * and {@code null} for an absent optional. Tensor results belong to the current {@link Scope}.
 * <pre>{@code
 * private static final Op ADD = Op.of("aten::add", "Tensor");
 * Tensor c = ADD.call1(a, b, 1.0);
 * }</pre>
 */
public final class Op {
    private static final int MAX_ARGS = 32;
    private static final int MAX_RESULTS = 64;
    private static final long VALUE_SIZE = rb_value.sizeof();
    private static final ThreadLocal<CallBuffer> BUFFERS = ThreadLocal.withInitial(CallBuffer::new);

    private final String name;
    private final MemorySegment handle;
    private final String schema;

    private Op(String name, MemorySegment handle, String schema) {
        this.name = name;
        this.handle = handle;
        this.schema = schema;
    }

    /** Finds {@code name} (e.g. {@code aten::conv2d}) with an overload name ({@code ""} for the default one). */
    public static Op of(String name, String overload) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Native.check(repbench_torch_h.rb_op_find(arena.allocateFrom(name), arena.allocateFrom(overload), out),
                    "finding " + name + (overload.isEmpty() ? "" : "." + overload));
            MemorySegment op = out.get(ValueLayout.ADDRESS, 0);
            String full = overload.isEmpty() ? name : name + "." + overload;
            return new Op(full, op, Native.string(repbench_torch_h.rb_op_schema(op)));
        }
    }

    /** Finds an operator with no overload name. */
    public static Op of(String name) {
        return of(name, "");
    }

    /** The operator's schema, e.g. {@code aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor}. */
    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** Calls the operator and returns its single tensor result. */
    public Tensor call1(Object... args) {
        List<Object> results = call(args);
        if (results.size() != 1 || !(results.getFirst() instanceof Tensor t)) {
            results.forEach(r -> { if (r instanceof Tensor t) t.close(); });
            throw new TorchException(TorchException.Code.ARGUMENT, name + " returned " + results.size()
                    + " values where one tensor was expected (" + schema + ")");
        }
        return t;
    }

    /** Calls the operator for its effect (an in-place op) and frees the alias it returns. */
    public void callInPlace(Object... args) {
        for (Object r : call(args)) {
            if (r instanceof Tensor t) {
                t.close();
            }
        }
    }

    /**
     * Calls the operator and returns its results, flattened (a tuple or list of tensors gives one entry per
     * element): {@link Tensor} (or null for an undefined tensor), {@code Long}, {@code Double}, {@code Boolean}, or null.
     */
    public List<Object> call(Object... args) {
        if (args.length > MAX_ARGS) {
            throw new IllegalArgumentException(name + ": at most " + MAX_ARGS + " arguments, got " + args.length);
        }
        Scope scope = Scope.current();
        CallBuffer buffer = BUFFERS.get();
        try {
            return invoke(args, scope, buffer, buffer.scratch());
        } catch (ScratchExhausted e) {
            // A long list or string: marshal this one call in its own arena.
            try (Arena arena = Arena.ofConfined()) {
                return invoke(args, scope, buffer, arena);
            }
        }
    }

    private List<Object> invoke(Object[] args, Scope scope, CallBuffer buffer, SegmentAllocator scratch) {
        MemorySegment argv = buffer.args;
        for (int k = 0; k < args.length; k++) {
            encode(args[k], argv.asSlice(k * VALUE_SIZE, VALUE_SIZE), scratch, k);
        }
        int status = repbench_torch_h.rb_op_call(handle, argv, args.length, buffer.results, MAX_RESULTS, buffer.count);
        if (status != 0) {
            throw new TorchException(TorchException.Code.of(status), name + describeArgs(args) + ": " + Native.lastError());
        }
        int count = buffer.count.get(ValueLayout.JAVA_INT, 0);
        List<Object> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(decode(buffer.results.asSlice(k * VALUE_SIZE, VALUE_SIZE), scope));
        }
        return out;
    }

    private void encode(Object arg, MemorySegment value, SegmentAllocator scratch, int position) {
        value.fill((byte) 0);
        switch (arg) {
            case null -> rb_value.kind(value, repbench_torch_h.RB_KIND_NONE());
            case Tensor t -> {
                rb_value.kind(value, repbench_torch_h.RB_KIND_TENSOR());
                rb_value.p(value, t.handle());
            }
            case Long l -> integer(value, l);
            case Integer i -> integer(value, i);
            case Double d -> real(value, d);
            case Float f -> real(value, f);
            case Boolean b -> {
                rb_value.kind(value, repbench_torch_h.RB_KIND_BOOL());
                rb_value.i(value, b ? 1 : 0);
            }
            case long[] list -> {
                rb_value.kind(value, repbench_torch_h.RB_KIND_INT_LIST());
                rb_value.length(value, list.length);
                rb_value.p(value, scratch.allocateFrom(ValueLayout.JAVA_LONG, list));
            }
            case int[] list -> encode(java.util.Arrays.stream(list).asLongStream().toArray(), value, scratch, position);
            case double[] list -> {
                rb_value.kind(value, repbench_torch_h.RB_KIND_DOUBLE_LIST());
                rb_value.length(value, list.length);
                rb_value.p(value, scratch.allocateFrom(ValueLayout.JAVA_DOUBLE, list));
            }
            case Tensor[] list -> tensors(value, scratch, List.of(list));
            case List<?> list -> tensors(value, scratch, list);
            case String s -> {
                rb_value.kind(value, repbench_torch_h.RB_KIND_STRING());
                rb_value.p(value, scratch.allocateFrom(s));
            }
            case DType d -> integer(value, d.code());
            case Device d -> encode(d.toString(), value, scratch, position);
            default -> throw new IllegalArgumentException(name + ": argument " + position + " has unsupported type "
                    + arg.getClass().getName());
        }
    }

    private static void integer(MemorySegment value, long v) {
        rb_value.kind(value, repbench_torch_h.RB_KIND_INT());
        rb_value.i(value, v);
    }

    private static void real(MemorySegment value, double v) {
        rb_value.kind(value, repbench_torch_h.RB_KIND_DOUBLE());
        rb_value.d(value, v);
    }

    private void tensors(MemorySegment value, SegmentAllocator scratch, List<?> list) {
        MemorySegment handles = scratch.allocate(ValueLayout.ADDRESS, Math.max(1, list.size()));
        for (int k = 0; k < list.size(); k++) {
            Object element = list.get(k);
            if (element != null && !(element instanceof Tensor)) {
                throw new IllegalArgumentException(name + ": a tensor list holds a " + element.getClass().getName());
            }
            handles.setAtIndex(ValueLayout.ADDRESS, k, element == null ? MemorySegment.NULL : ((Tensor) element).handle());
        }
        rb_value.kind(value, repbench_torch_h.RB_KIND_TENSOR_LIST());
        rb_value.length(value, list.size());
        rb_value.p(value, handles);
    }

    private static Object decode(MemorySegment value, Scope scope) {
        int kind = rb_value.kind(value);
        if (kind == repbench_torch_h.RB_KIND_TENSOR()) {
            MemorySegment p = rb_value.p(value);
            return p.equals(MemorySegment.NULL) ? null : new Tensor(p, scope);
        } else if (kind == repbench_torch_h.RB_KIND_INT()) {
            return rb_value.i(value);
        } else if (kind == repbench_torch_h.RB_KIND_DOUBLE()) {
            return rb_value.d(value);
        } else if (kind == repbench_torch_h.RB_KIND_BOOL()) {
            return rb_value.i(value) != 0;
        }
        return null;
    }

    private static String describeArgs(Object[] args) {
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (Object a : args) {
            joiner.add(switch (a) {
                case null -> "None";
                case Tensor t -> t.isClosed() ? "Tensor<closed>" : t.describe();
                case long[] l -> java.util.Arrays.toString(l);
                case int[] l -> java.util.Arrays.toString(l);
                case double[] l -> java.util.Arrays.toString(l);
                case Tensor[] l -> "Tensor[" + l.length + "]";
                case List<?> l -> "Tensor[" + l.size() + "]";
                default -> String.valueOf(a);
            });
        }
        return joiner.toString();
    }

    @Override
    public String toString() {
        return schema;
    }

    /**
     * Per-thread native memory for marshalling one call: the argument and result arrays, and a scratch area
     * for lists and strings, reused call after call. It lives as long as the process (a few KiB per thread).
     */
    private static final class CallBuffer {
        private static final long SCRATCH_BYTES = 64 * 1024;
        final MemorySegment args = Arena.global().allocate(rb_value.layout(), MAX_ARGS);
        final MemorySegment results = Arena.global().allocate(rb_value.layout(), MAX_RESULTS);
        final MemorySegment count = Arena.global().allocate(ValueLayout.JAVA_INT);
        private final MemorySegment scratch = Arena.global().allocate(SCRATCH_BYTES, 16);

        SegmentAllocator scratch() {
            SegmentAllocator slicing = SegmentAllocator.slicingAllocator(scratch);
            return (size, alignment) -> {
                try {
                    return slicing.allocate(size, alignment);
                } catch (IndexOutOfBoundsException e) {
                    throw new ScratchExhausted();
                }
            };
        }
    }

    private static final class ScratchExhausted extends RuntimeException {
        ScratchExhausted() {
            super(null, null, false, false);
        }
    }
}
