package dev.repbench.torch.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance of a Python class that RepBench does not rebuild (e.g. {@code argparse.Namespace}, a numpy scalar,
 * a whole {@code nn.Module}), kept as the data its pickle held, so what surrounds it still loads and nothing is
 * executed: the class that made it ({@link #module()}, {@link #name()}), the arguments it was called with, the
 * state its {@code __setstate__} would have received, and any items appended or assigned to it (dict and list
 * subclasses).
 */
public final class PickledObject {
    private final String module;
    private final String name;
    private final List<Object> args;
    private Object state;
    private final Map<Object, Object> dictItems;
    private final List<Object> listItems;

    PickledObject(String module, String name, List<Object> args) {
        this(module, name, args, null, new LinkedHashMap<>(), new ArrayList<>());
    }

    PickledObject(String module, String name, List<Object> args, Object state, Map<Object, Object> dictItems,
            List<Object> listItems) {
        this.module = module;
        this.name = name;
        this.args = args;
        this.state = state;
        this.dictItems = dictItems;
        this.listItems = listItems;
    }

    public String module() {
        return module;
    }

    public String name() {
        return name;
    }

    /** {@code module.name}. */
    public String qualifiedName() {
        return module + "." + name;
    }

    /** The arguments of the call (REDUCE) or {@code __new__} (NEWOBJ) that made the object. */
    public List<Object> args() {
        return Collections.unmodifiableList(args);
    }

    /** What BUILD gave the object (usually its {@code __dict__} as a map), or null. */
    public Object state() {
        return state;
    }

    /**
     * The object's attributes: its state when that is a map (for {@code argparse.Namespace}, the parsed arguments),
     * or the first element of a {@code (dict, slots)} state; empty otherwise.
     */
    @SuppressWarnings("unchecked")
    public Map<Object, Object> attributes() {
        Object attributes = state instanceof List<?> pair && pair.size() == 2 ? pair.getFirst() : state;
        return attributes instanceof Map<?, ?> map ? Collections.unmodifiableMap((Map<Object, Object>) map) : Map.of();
    }

    /** Entries assigned to the object, when it is a dict subclass. */
    public Map<Object, Object> items() {
        return Collections.unmodifiableMap(dictItems);
    }

    /** Elements appended to the object, when it is a list subclass. */
    public List<Object> elements() {
        return Collections.unmodifiableList(listItems);
    }

    void setState(Object state) {
        this.state = state;
    }

    Map<Object, Object> dictItems() {
        return dictItems;
    }

    List<Object> listItems() {
        return listItems;
    }

    @Override
    public String toString() {
        return qualifiedName() + (state instanceof Map<?, ?> map ? map.keySet().toString() : "(...)");
    }
}
