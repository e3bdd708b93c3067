package dev.repbench.torch.io;

import dev.repbench.torch.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code torch.save} file holds, read by RepBench's own reader (no Python, no code execution): the nested
 * structure as saved, and every tensor in it under a dotted name.
 *
 * <p>The structure ({@link #root()}) uses the types listed in {@code Unpickler} (maps, lists, strings, numbers),
 * with {@link Tensor}s in place of tensors and {@link PickledObject}s for instances of other classes (e.g. MoCo's
 * {@code argparse.Namespace}). The tensors belong to the scope that was current when the file was read.
 */
public final class TorchCheckpoint {
    /** The two container layouts of torch.save. */
    public enum Format {
        /** PyTorch ≥ 1.6: a zip archive of {@code data.pkl} and one entry per storage. */
        ZIP,
        /** Before 1.6 (or {@code _use_new_zipfile_serialization=False}): pickles followed by raw storages. */
        LEGACY
    }

    private final Path file;
    private final Format format;
    private final Object root;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> opaqueObjects = new ArrayList<>();

    TorchCheckpoint(Path file, Format format, Object root) {
        this.file = file;
        this.format = format;
        this.root = root;
        collect("", root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** The saved object, e.g. a map {@code {"epoch": 200L, "arch": "resnet50", "state_dict": {...}}}. */
    public Object root() {
        return root;
    }

    /**
     * Every tensor reachable through nested maps, lists and tuples, in the file's order, named by its path joined
     * with dots ({@code state_dict.module.encoder_q.conv1.weight}; list elements by index). A file holding one bare
     * tensor gives it the name {@code ""}. Tensors inside {@link PickledObject}s are not included (see
     * {@link #warnings()}).
     */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /**
     * The value at a path of map keys (and list indexes, as decimal strings) under the root, e.g.
     * {@code value("epoch")} or {@code value("args")} for a {@link PickledObject}; empty when there is none (or it is
     * None).
     */
    public Optional<Object> value(String... path) {
        Object current = root;
        for (String key : path) {
            switch (current) {
                case Map<?, ?> map -> current = map.get(key);
                case List<?> list -> {
                    int index;
                    try {
                        index = Integer.parseInt(key);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                    current = index >= 0 && index < list.size() ? list.get(index) : null;
                }
                case null, default -> current = null;
            }
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(current);
    }

    /** What the reader kept out of {@link #tensors()}, one sentence each (e.g. tensors held by an opaque object). */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /**
     * The objects of classes outside the allow-list, e.g. {@code entry 'payload' (posix.system)}: kept as opaque values,
     * never built or called; named when a checkpoint holds nothing else.
     */
    public List<String> opaqueObjects() {
        return Collections.unmodifiableList(opaqueObjects);
    }

    private void collect(String name, Object value, Set<Object> seen) {
        switch (value) {
            case Tensor tensor -> {
                if (tensors.putIfAbsent(name, tensor) != null) {
                    warnings.add("two entries are both named '" + name + "' once flattened; the first one is kept");
                }
            }
            case Map<?, ?> map -> {
                if (seen.add(map)) {
                    map.forEach((key, v) -> collect(join(name, String.valueOf(key)), v, seen));
                }
            }
            case List<?> list -> {
                if (seen.add(list)) {
                    for (int k = 0; k < list.size(); k++) {
                        collect(join(name, Integer.toString(k)), list.get(k), seen);
                    }
                }
            }
            case PickledObject object -> {
                opaqueObjects.add(entry(name) + " (" + object.qualifiedName() + ")");
                int held = countTensors(object, Collections.newSetFromMap(new IdentityHashMap<>()));
                if (held > 0) {
                    warnings.add(entry(name) + " is a " + object.qualifiedName() + " holding " + held + " tensor"
                            + (held == 1 ? "" : "s") + ", which RepBench does not rebuild, so they are not among the"
                            + " checkpoint's tensors; save plain dicts of tensors instead (e.g. model.state_dict(),"
                            + " not the model)");
                }
            }
            case Set<?> set -> {
                int held = countTensors(set, Collections.newSetFromMap(new IdentityHashMap<>()));
                if (held > 0) {
                    warnings.add(entry(name) + " is a set holding " + held + " tensors, which have no names; they are"
                            + " not among the checkpoint's tensors");
                }
            }
            case null, default -> {
                // numbers, strings, None: metadata, reachable through root()
            }
        }
    }

    private static int countTensors(Object value, Set<Object> seen) {
        return switch (value) {
            case Tensor t -> 1;
            case Map<?, ?> map when seen.add(map) ->
                    map.values().stream().mapToInt(v -> countTensors(v, seen)).sum();
            case java.util.Collection<?> items when seen.add(items) ->
                    items.stream().mapToInt(v -> countTensors(v, seen)).sum();
            case PickledObject o when seen.add(o) -> countTensors(o.args(), seen) + countTensors(o.state(), seen)
                    + countTensors(o.items(), seen) + countTensors(o.elements(), seen);
            case null, default -> 0;
        };
    }

    private static String entry(String name) {
        return name.isEmpty() ? "the saved object" : "entry '" + name + "'";
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }
}
