package dev.repbench.runtime.study.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields of one map node, adding a problem (with the field's location and path) for each value that
 * is missing, of the wrong type or out of range, and for each key that is not one of the known ones. A getter
 * returns {@code null} when the value is absent or wrong, so the loader carries on and reports everything.
 */
final class MapReader {
    private final SpecNode.MapNode node;
    private final Problems problems;

    /**
     * @param node     the map
     * @param known    its accepted keys, in the order to list them
     * @param problems where problems go
     */
    MapReader(SpecNode.MapNode node, List<String> known, Problems problems) {
        this.node = node;
        this.problems = problems;
        Set<String> accepted = Set.copyOf(known);
        node.keyLocations().forEach((key, at) -> {
            if (!accepted.contains(key)) {
                problems.at(at, SpecNode.child(node.path(), key), "unknown field '" + key + "' — known fields here: "
                        + String.join(", ", known));
            }
        });
    }

    /**
     * Checks that {@code node} is a map and returns a reader for it, or {@code null} after a problem.
     */
    static MapReader of(SpecNode node, List<String> known, Problems problems) {
        if (node instanceof SpecNode.MapNode map) {
            return new MapReader(map, known, problems);
        }
        problems.at(node, "must be a map with fields " + String.join(", ", known) + ", got " + node.kindName());
        return null;
    }

    SpecNode.MapNode node() {
        return node;
    }

    /** @return the raw node, or {@code null} if absent */
    SpecNode get(String key) {
        return node.entries().get(key);
    }

    boolean has(String key) {
        return node.entries().containsKey(key);
    }

    /** Adds "missing field" at the map. */
    void missing(String key, String hint) {
        problems.at(node, "missing field '" + key + "'" + (hint.isEmpty() ? "" : " — " + hint));
    }

    /** @return the text, {@code fallback} if absent, {@code null} after a problem */
    String text(String key, String fallback) {
        SpecNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof SpecNode.Scalar s && s.value() instanceof String text && !text.isBlank()) {
            return text.strip();
        }
        problems.at(value, "must be text, got " + value.kindName());
        return null;
    }

    /** @return a required text, {@code null} after a problem */
    String requiredText(String key, String hint) {
        if (!has(key)) {
            missing(key, hint);
            return null;
        }
        return text(key, null);
    }

    /** @return a whole number of at least {@code min}, {@code fallback} if absent or null, {@code null} after a problem */
    Long whole(String key, long min, Long fallback) {
        SpecNode value = get(key);
        if (value == null || value instanceof SpecNode.Scalar s && s.value() == null) {
            return fallback;
        }
        if (value instanceof SpecNode.Scalar s && s.value() instanceof Long n) {
            if (n >= min) {
                return n;
            }
            problems.at(value, "must be " + min + " or more, got " + n);
            return null;
        }
        problems.at(value, "must be a whole number of " + min + " or more, got " + value.kindName());
        return null;
    }

    /** As {@link #count} for a field that must be given and not null; {@code null} after a problem. */
    Integer requiredCount(String key, int min, String hint) {
        SpecNode value = get(key);
        if (value == null) {
            missing(key, hint);
            return null;
        }
        if (value instanceof SpecNode.Scalar s && s.value() == null) {
            problems.at(value, "must be a whole number of " + min + " or more, got null");
            return null;
        }
        return count(key, min, null);
    }

    /** As {@link #whole} for values that fit an int. */
    Integer count(String key, int min, Integer fallback) {
        Long n = whole(key, min, fallback == null ? null : fallback.longValue());
        if (n != null && n > Integer.MAX_VALUE) {
            problems.at(get(key), "is too large (at most " + Integer.MAX_VALUE + ")");
            return null;
        }
        return n == null ? null : n.intValue();
    }

    /** @return a positive number, {@code fallback} if absent, {@code null} after a problem */
    Double positive(String key, Double fallback) {
        SpecNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof SpecNode.Scalar s && s.value() instanceof Number n && n.doubleValue() > 0
                && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problems.at(value, "must be a number above 0, got " + value.kindName());
        return null;
    }

    /** @return a boolean, {@code fallback} if absent, {@code null} after a problem */
    Boolean flag(String key, boolean fallback) {
        SpecNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof SpecNode.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        problems.at(value, "must be true or false, got " + value.kindName());
        return null;
    }

    /** @return the texts of a list (a single text counts as a list of one), {@code null} after a problem */
    List<String> texts(String key, List<String> fallback) {
        SpecNode value = get(key);
        if (value == null) {
            return fallback;
        }
        List<SpecNode> items = value instanceof SpecNode.ListNode list ? list.items() : List.of(value);
        List<String> texts = new ArrayList<>();
        boolean ok = true;
        for (SpecNode item : items) {
            if (item instanceof SpecNode.Scalar s && s.value() instanceof String t && !t.isBlank()) {
                texts.add(t.strip());
            } else {
                problems.at(item, "must be a name, got " + item.kindName());
                ok = false;
            }
        }
        return ok ? texts : null;
    }
}
