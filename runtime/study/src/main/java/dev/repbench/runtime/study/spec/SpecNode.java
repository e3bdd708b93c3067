package dev.repbench.runtime.study.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of the spec's YAML tree with where it was written, so every problem can name its line, column and
 * field path (e.g. {@code encoders.moco-v2.pretrain.epochs}).
 */
public sealed interface SpecNode {

    /** @return where the value starts in the file */
    Location location();

    /** @return the dotted field path from the root, {@code ""} for the root; list items as {@code [i]} */
    String path();

    /** @return what kind of value this is, for messages ("a map", "a list", "a number", …) */
    String kindName();

    /**
     * A position in the spec file.
     *
     * @param line   1-based line
     * @param column 1-based column
     */
    record Location(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    /**
     * A mapping; keys in file order.
     *
     * @param entries      the values by key
     * @param keyLocations where each key was written
     */
    record MapNode(Location location, String path, Map<String, SpecNode> entries,
                   Map<String, Location> keyLocations) implements SpecNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
        }

        @Override
        public String kindName() {
            return "a map";
        }
    }

    /** A sequence. */
    record ListNode(Location location, String path, List<SpecNode> items) implements SpecNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /**
     * A scalar: {@link String}, {@link Long}, {@link Double}, {@link Boolean}, or {@code null} for YAML's null.
     *
     * @param value the parsed value
     */
    record Scalar(Location location, String path, Object value) implements SpecNode {
        @Override
        public String kindName() {
            return switch (value) {
                case null -> "null";
                case String s -> "text '" + s + "'";
                case Boolean b -> "the boolean " + b;
                default -> "the number " + value;
            };
        }
    }

    /** @return {@code parent.key}, or {@code key} at the root */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
