package dev.repbench.api.pretrain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An algorithm's hyperparameters: named values of type {@link String}, {@link Boolean},
 * {@link Long} or {@link Double} (ints and floats given to the constructor are widened).
 * An algorithm publishes its defaults; a run spec overrides some of them with
 * {@link #withOverrides}, which refuses unknown names and wrong types, so a typo cannot
 * silently train with the default.
 *
 * @param values the values by name, kept in name order
 */
public record AlgorithmConfig(Map<String, Object> values) {

    /**
     * @throws IllegalArgumentException if a name is blank or a value has another type
     */
    public AlgorithmConfig {
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "config name");
            if (key.isBlank()) {
                throw new IllegalArgumentException("config names must not be blank");
            }
            sorted.put(key, normalise(key, e.getValue()));
        }
        values = java.util.Collections.unmodifiableMap(sorted);
    }

    /** @return a config with no values */
    public static AlgorithmConfig empty() {
        return new AlgorithmConfig(Map.of());
    }

    private static Object normalise(String key, Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("config value '" + key + "' is null");
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case Double d -> d;
            default -> throw new IllegalArgumentException("config value '" + key + "' has type "
                    + value.getClass().getSimpleName() + "; use a string, boolean, integer or floating-point number");
        };
    }

    /**
     * This config with some values replaced. A replacement must name an existing value and have its
     * type; an integer may replace a floating-point value, and text is parsed into the existing
     * value's type (so values typed on a command line work).
     *
     * @param overrides replacements by name
     * @return the new config
     * @throws IllegalArgumentException naming the offending key and the known keys or expected type
     */
    public AlgorithmConfig withOverrides(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            String key = e.getKey();
            Object current = values.get(key);
            if (current == null) {
                throw new IllegalArgumentException("unknown config name '" + key + "'; known: " + values.keySet());
            }
            merged.put(key, convert(key, normalise(key, e.getValue()), current));
        }
        return new AlgorithmConfig(merged);
    }

    private static Object convert(String key, Object given, Object current) {
        if (given.getClass() == current.getClass()) {
            return given;
        }
        if (current instanceof Double && given instanceof Long l) {
            return l.doubleValue();
        }
        if (given instanceof String text) {
            try {
                return switch (current) {
                    case Long ignored -> Long.parseLong(text.strip());
                    case Double ignored -> Double.parseDouble(text.strip());
                    case Boolean ignored when text.strip().equalsIgnoreCase("true") -> true;
                    case Boolean ignored when text.strip().equalsIgnoreCase("false") -> false;
                    default -> throw new NumberFormatException();
                };
            } catch (NumberFormatException ex) {
                // fall through to the type error below
            }
        }
        throw new IllegalArgumentException("config '" + key + "' must be " + typeName(current) + ", got '" + given + "'");
    }

    private static String typeName(Object value) {
        return switch (value) {
            case Long ignored -> "an integer";
            case Double ignored -> "a number";
            case Boolean ignored -> "true or false";
            default -> "text";
        };
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no config value '" + key + "'; known: " + values.keySet());
        }
        return v;
    }

    private <T> T typed(String key, Class<T> type) {
        Object v = require(key);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("config '" + key + "' is " + typeName(v) + ", not " + typeName(
                    type == Long.class ? 0L : type == Double.class ? 0.0 : type == Boolean.class ? Boolean.FALSE : ""));
        }
        return type.cast(v);
    }

    /**
     * @param key the name
     * @return the integer value
     * @throws IllegalArgumentException if absent, not an integer, or outside the int range
     */
    public int getInt(String key) {
        long v = typed(key, Long.class);
        if (v != (int) v) {
            throw new IllegalArgumentException("config '" + key + "' = " + v + " does not fit an int");
        }
        return (int) v;
    }

    /**
     * @param key the name
     * @return the integer value
     * @throws IllegalArgumentException if absent or not an integer
     */
    public long getLong(String key) {
        return typed(key, Long.class);
    }

    /**
     * @param key the name
     * @return the number; an integer value is widened
     * @throws IllegalArgumentException if absent or not a number
     */
    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        return typed(key, Double.class);
    }

    /**
     * @param key the name
     * @return the boolean value
     * @throws IllegalArgumentException if absent or not a boolean
     */
    public boolean getBoolean(String key) {
        return typed(key, Boolean.class);
    }

    /**
     * @param key the name
     * @return the text value
     * @throws IllegalArgumentException if absent or not text
     */
    public String getString(String key) {
        return typed(key, String.class);
    }
}
