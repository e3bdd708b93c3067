package dev.repbench.torch.io;

import dev.repbench.torch.Op;
import dev.repbench.torch.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@link StoredTensor}s of an unpickled structure into libtorch tensors in the current scope. Each
 * storage becomes one tensor, read once; a tensor that is the whole storage, or a contiguous part of it, is a view
 * of it (so tensors that shared storage in Python share it here); a non-contiguous one (a transpose) is copied
 * into a contiguous tensor of its own.
 */
final class TensorRebuilder implements AutoCloseable {
    /**
     * Where the bytes of a storage come from: exactly {@link StorageRef#byteSize()} bytes, little-endian, in memory
     * that {@code arena} may own (it closes once the bytes are copied into libtorch).
     */
    interface StorageBytes {
        MemorySegment read(StorageRef storage, Arena arena);
    }

    private static final Op AS_STRIDED = Op.of("aten::as_strided");

    private final String source;
    private final StorageBytes bytes;
    private final Map<String, Tensor> storages = new HashMap<>();
    private final Map<Object, Object> rebuilt = new IdentityHashMap<>();
    private final List<Tensor> made = new ArrayList<>();

    TensorRebuilder(String source, StorageBytes bytes) {
        this.source = source;
        this.bytes = bytes;
    }

    /**
     * A copy of {@code value} with every {@link StoredTensor} replaced by a {@link Tensor}; a value reachable twice
     * is rebuilt once.
     */
    Object rebuild(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof byte[] || value instanceof PickledGlobal) {
            return value;
        }
        Object done = rebuilt.get(value);
        if (done != null) {
            return done;
        }
        switch (value) {
            case StoredTensor stored -> {
                Tensor tensor = tensor(stored);
                rebuilt.put(value, tensor);
                return tensor;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                rebuilt.put(value, copy);
                map.forEach((k, v) -> copy.put(k, rebuild(v)));
                return copy;
            }
            case ArrayList<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                rebuilt.put(value, copy);
                list.forEach(v -> copy.add(rebuild(v)));
                return copy;
            }
            case List<?> tuple -> {
                List<Object> elements = new ArrayList<>(tuple.size());
                List<Object> copy = Collections.unmodifiableList(elements);
                rebuilt.put(value, copy);
                tuple.forEach(v -> elements.add(rebuild(v)));
                return copy;
            }
            case Set<?> set -> {
                Set<Object> elements = new LinkedHashSet<>();
                Set<Object> copy = set instanceof LinkedHashSet<?> ? elements : Collections.unmodifiableSet(elements);
                rebuilt.put(value, copy);
                set.forEach(v -> elements.add(rebuild(v)));
                return copy;
            }
            case PickledObject object -> {
                Map<Object, Object> items = new LinkedHashMap<>();
                List<Object> elements = new ArrayList<>();
                List<Object> args = new ArrayList<>();
                PickledObject copy = new PickledObject(object.module(), object.name(), args, null, items, elements);
                rebuilt.put(value, copy);
                object.args().forEach(v -> args.add(rebuild(v)));
                copy.setState(rebuild(object.state()));
                object.items().forEach((k, v) -> items.put(k, rebuild(v)));
                object.elements().forEach(v -> elements.add(rebuild(v)));
                return copy;
            }
            default -> {
                return value;
            }
        }
    }

    private Tensor tensor(StoredTensor stored) {
        StorageRef ref = stored.storage();
        long[] size = stored.size();
        long[] stride = stored.stride();
        long numel = 1;
        long last = stored.offset();  // the highest element index the view reaches
        try {
            for (int d = 0; d < size.length; d++) {
                numel = Math.multiplyExact(numel, size[d]);
                last = Math.addExact(last, Math.multiplyExact(Math.max(0, size[d] - 1), stride[d]));
            }
        } catch (ArithmeticException e) {
            throw failure("a tensor of size " + Arrays.toString(size) + " overflows 64 bits", ref);
        }
        Tensor tensor;
        if (numel == 0) {
            tensor = keep(Tensor.fromHost(MemorySegment.ofArray(new byte[0]), ref.dtype(), size));
        } else if (last >= ref.numel()) {
            throw failure("a tensor of size " + Arrays.toString(size) + ", stride " + Arrays.toString(stride)
                    + " and offset " + stored.offset() + " reaches element " + last + ", beyond its " + ref.numel()
                    + "-element storage", ref);
        } else {
            Tensor storage = storage(ref);
            if (stored.offset() == 0 && numel == ref.numel() && isContiguous(size, stride)) {
                tensor = keep(storage.reshape(size));
            } else {
                Tensor view = keep(AS_STRIDED.call1(storage, size, stride, stored.offset()));
                tensor = keep(view.contiguous());  // a view still when already contiguous (a slice), else a copy
                view.close();
            }
        }
        if (stored.requiresGrad() && ref.dtype().isFloatingPoint()) {
            tensor.requiresGrad(true);
        }
        return tensor;
    }

    private Tensor storage(StorageRef ref) {
        Tensor storage = storages.get(ref.key());
        if (storage == null) {
            try (Arena arena = Arena.ofConfined()) {
                storage = keep(Tensor.fromHost(bytes.read(ref, arena), ref.dtype(), ref.numel()));
            }
            storages.put(ref.key(), storage);
        }
        return storage;
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    private Tensor keep(Tensor tensor) {
        made.add(tensor);
        return tensor;
    }

    private CheckpointException failure(String what, StorageRef ref) {
        return new CheckpointException(source + ": " + what + " (storage '" + ref.key() + "'): the file is damaged;"
                + " re-download or re-save it");
    }

    /** Frees every tensor made so far: for when reading failed part way. */
    void discard() {
        made.forEach(Tensor::close);
    }

    /** Frees the whole-storage tensors; the tensors returned by {@link #rebuild} keep their data alive. */
    @Override
    public void close() {
        storages.values().forEach(Tensor::close);
    }
}
