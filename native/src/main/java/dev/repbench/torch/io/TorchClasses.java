package dev.repbench.torch.io;

import dev.repbench.torch.DType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allow-list of what a torch.save pickle may build: {@code collections.OrderedDict}, sets, bytes, torch's
 * tensor and parameter rebuild functions, its typed storages and the type tags of libtorch's C++ writer. Tensors come out as {@link StoredTensor}s (their
 * bytes are read later, by the container format); every other class becomes an opaque {@link PickledObject}.
 * A torch rebuild function or storage type outside the list fails, since the tensor it makes would be lost.
 */
final class TorchClasses implements PickleClasses {
    private static final Map<String, DType> STORAGE_TYPES = Map.of(
            "FloatStorage", DType.FLOAT32, "DoubleStorage", DType.FLOAT64, "HalfStorage", DType.FLOAT16,
            "BFloat16Storage", DType.BFLOAT16, "LongStorage", DType.INT64, "IntStorage", DType.INT32,
            "ShortStorage", DType.INT16, "CharStorage", DType.INT8, "ByteStorage", DType.UINT8,
            "BoolStorage", DType.BOOL);

    /** A slice of a storage, as the legacy format's storage views give it (offset in elements). */
    private record StorageView(StorageRef storage, long offset) {
    }

    private final String source;
    /** Every storage the pickle referred to, by key, in first-seen order. */
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    /** @param source the file (and entry) being read, for error messages */
    TorchClasses(String source) {
        this.source = source;
    }

    /** The storages the pickle referred to, by key. */
    Map<String, StorageRef> storages() {
        return Collections.unmodifiableMap(storages);
    }

    @Override
    public Object global(String module, String name, long offset) {
        return new PickledGlobal(module, name);
    }

    @Override
    public Object call(Object callable, List<Object> args, long offset) {
        if (!(callable instanceof PickledGlobal function)) {
            throw failure("the pickle calls a " + describe(callable) + ", which is not a class or function", offset);
        }
        switch (function.qualifiedName()) {
            case "collections.OrderedDict" -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                if (!args.isEmpty()) {
                    fillFromPairs(map, args.getFirst(), offset);
                }
                return map;
            }
            case "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2" -> {
                // (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]])
                if (args.size() < 4) {
                    throw failure(function + " needs at least 4 arguments, got " + args.size(), offset);
                }
                boolean requiresGrad = args.size() > 4 && Boolean.TRUE.equals(args.get(4));
                return tensor(args.get(0), args.get(1), args.get(2), args.get(3), requiresGrad, offset);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                // (data, requires_grad, backward_hooks[, state]): a Parameter is its data tensor
                if (args.size() < 2 || !(args.get(0) instanceof StoredTensor data)) {
                    throw failure(function + " needs a tensor as its first argument", offset);
                }
                return data.withRequiresGrad(Boolean.TRUE.equals(args.get(1)));
            }
            case "torch._tensor._rebuild_from_type_v2" -> {
                // (rebuild function, tensor subclass, its arguments, state): the subclass is dropped, the data kept
                if (args.size() < 3 || !(args.get(2) instanceof List<?> inner)) {
                    throw failure(function + " needs (function, type, arguments, state)", offset);
                }
                return call(args.get(0), Collections.unmodifiableList(new ArrayList<>(inner)), offset);
            }
            case "torch.jit._pickle.restore_type_tag", "torch.jit._pickle.build_intlist",
                 "torch.jit._pickle.build_doublelist", "torch.jit._pickle.build_boollist",
                 "torch.jit._pickle.build_tensorlist" -> {
                // libtorch's C++ writer (RepBench's own files) tags typed containers; the value is the first argument
                if (args.isEmpty()) {
                    throw failure(function + " needs a value", offset);
                }
                return args.getFirst();
            }
            case "builtins.set", "__builtin__.set" -> {
                return args.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(elements(args.getFirst(), offset));
            }
            case "builtins.frozenset", "__builtin__.frozenset" -> {
                Set<Object> set = args.isEmpty() ? Set.of() : new LinkedHashSet<>(elements(args.getFirst(), offset));
                return Collections.unmodifiableSet(set);
            }
            case "_codecs.encode" -> {
                // How protocol 2 pickles Python 3 bytes: encode(text, 'latin1')
                if (args.size() == 2 && args.get(0) instanceof String text
                        && args.get(1) instanceof String encoding && encoding.replace("-", "").equalsIgnoreCase("latin1")) {
                    return text.getBytes(StandardCharsets.ISO_8859_1);
                }
                return new PickledObject(function.module(), function.name(), args);
            }
            case "copyreg._reconstructor", "copy_reg._reconstructor" -> {
                // (cls, base, state): how protocols 0 and 1 pickle plain objects; keep the real class name
                if (!args.isEmpty() && args.getFirst() instanceof PickledGlobal cls) {
                    return new PickledObject(cls.module(), cls.name(), args);
                }
                return new PickledObject(function.module(), function.name(), args);
            }
            default -> {
                if (isTensorMaker(function)) {
                    throw failure(function + " is needed to rebuild a tensor, and RepBench reads only dense tensors"
                            + " with plain storages (" + String.join(", ", STORAGE_TYPES.keySet().stream().sorted().toList())
                            + "); convert it in Python (e.g. .to_dense(), .dequantize()) and re-save", offset);
                }
                return new PickledObject(function.module(), function.name(), args);
            }
        }
    }

    @Override
    public Object newObject(Object cls, List<Object> args, long offset) {
        if (!(cls instanceof PickledGlobal type)) {
            throw failure("NEWOBJ on a " + describe(cls) + ", which is not a class", offset);
        }
        return switch (type.qualifiedName()) {
            case "collections.OrderedDict" -> new LinkedHashMap<>();
            case "builtins.set", "__builtin__.set" -> new LinkedHashSet<>();
            default -> new PickledObject(type.module(), type.name(), args);
        };
    }

    @Override
    public Object build(Object object, Object state, long offset) {
        if (object instanceof PickledObject opaque) {
            opaque.setState(state);
        }
        // Other targets: an OrderedDict's attributes (a state_dict's _metadata, module versions) are not needed.
        return object;
    }

    @Override
    public Object persistent(Object id, long offset) {
        if (!(id instanceof List<?> fields) || fields.isEmpty()) {
            throw failure("persistent id " + describe(id) + " is not one torch.save writes", offset);
        }
        Object kind = fields.getFirst();
        if ("module".equals(kind) && fields.size() >= 2) {
            // The legacy format's ('module', class, file, source) of a pickled nn.Module: just the class.
            return fields.get(1);
        }
        if (!"storage".equals(kind) || fields.size() < 5) {
            throw failure("persistent id " + describe(id) + " is not a storage reference", offset);
        }
        // zip: ('storage', type, key, location, numel); legacy: (..., numel, view or None)
        if (!(fields.get(1) instanceof PickledGlobal type)) {
            throw failure("a storage reference names no storage type", offset);
        }
        DType dtype = storageType(type, offset);
        String key = String.valueOf(fields.get(2));
        String location = String.valueOf(fields.get(3));
        long numel = nonNegative(fields.get(4), "storage size", offset);
        StorageRef storage = new StorageRef(key, dtype, numel, location);
        StorageRef known = storages.putIfAbsent(key, storage);
        if (known != null && (known.dtype() != dtype || known.numel() != numel)) {
            throw failure("storage '" + key + "' is referred to as " + known.numel() + " " + known.dtype() + " and as "
                    + numel + " " + dtype, offset);
        }
        if (fields.size() > 5 && fields.get(5) instanceof List<?> view) {
            // (view_key, offset, size) in elements of the root storage
            if (view.size() != 3) {
                throw failure("a storage view needs (key, offset, size)", offset);
            }
            long start = nonNegative(view.get(1), "storage view offset", offset);
            long size = nonNegative(view.get(2), "storage view size", offset);
            if (start + size > numel) {
                throw failure("storage view " + view.get(0) + " [" + start + ", " + (start + size)
                        + ") lies outside storage '" + key + "' of " + numel + " elements", offset);
            }
            return new StorageView(storage, start);
        }
        return storage;
    }

    private StoredTensor tensor(Object storage, Object storageOffset, Object size, Object stride, boolean requiresGrad,
            long offset) {
        StorageRef ref;
        long base;
        switch (storage) {
            case StorageRef r -> {
                ref = r;
                base = 0;
            }
            case StorageView v -> {
                ref = v.storage();
                base = v.offset();
            }
            default -> throw failure("a tensor's storage is a " + describe(storage) + ", not a storage", offset);
        }
        long[] sizes = longs(size, "size", offset);
        long[] strides = longs(stride, "stride", offset);
        if (sizes.length != strides.length) {
            throw failure("a tensor has " + sizes.length + " sizes but " + strides.length + " strides", offset);
        }
        return new StoredTensor(ref, base + nonNegative(storageOffset, "storage offset", offset), sizes, strides,
                requiresGrad);
    }

    private DType storageType(PickledGlobal type, long offset) {
        DType dtype = (type.module().equals("torch") || type.module().equals("torch.cuda"))
                ? STORAGE_TYPES.get(type.name()) : null;
        if (dtype == null) {
            throw failure("storage type " + type + " is not supported; RepBench reads "
                    + String.join(", ", STORAGE_TYPES.keySet().stream().sorted().toList())
                    + " (convert the tensor in Python, e.g. complex to real pairs with torch.view_as_real, and re-save)",
                    offset);
        }
        return dtype;
    }

    /** torch functions that make tensors: a tensor nobody can rebuild must not vanish silently. */
    private static boolean isTensorMaker(PickledGlobal function) {
        return (function.module().equals("torch") || function.module().startsWith("torch."))
                && (function.name().startsWith("_rebuild") || function.name().endsWith("Storage"));
    }

    private void fillFromPairs(Map<Object, Object> map, Object pairs, long offset) {
        if (pairs instanceof Map<?, ?> other) {
            map.putAll(other);
            return;
        }
        for (Object pair : elements(pairs, offset)) {
            if (!(pair instanceof List<?> kv) || kv.size() != 2) {
                throw failure("an OrderedDict needs (key, value) pairs", offset);
            }
            map.put(kv.get(0), kv.get(1));
        }
    }

    private List<?> elements(Object value, long offset) {
        return switch (value) {
            case List<?> list -> list;
            case Set<?> set -> new ArrayList<>(set);
            default -> throw failure("expected a list, got a " + describe(value), offset);
        };
    }

    private long[] longs(Object value, String what, long offset) {
        if (!(value instanceof List<?> list)) {
            throw failure("a tensor's " + what + " is a " + describe(value) + ", not a tuple", offset);
        }
        long[] out = new long[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = nonNegative(list.get(k), what, offset);
        }
        return out;
    }

    private long nonNegative(Object value, String what, long offset) {
        if (value instanceof Long n && n >= 0) {
            return n;
        }
        throw failure(what + " " + describe(value) + " is not a non-negative integer", offset);
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "None";
            case PickledGlobal g -> g.qualifiedName();
            case PickledObject o -> o.qualifiedName() + " object";
            case String s -> "string '" + s + "'";
            case Long n -> "integer " + n;
            default -> value.getClass().getSimpleName();
        };
    }

    private CheckpointException failure(String what, long offset) {
        return new CheckpointException(source + ": " + what + " (pickle byte " + offset + ")");
    }
}
